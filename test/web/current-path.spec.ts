import { describe, expect, it } from '@jest/globals';
import { isCurrentPath } from '../../web/app/utils/current-path.js';

/** The header marks the current page's link (aria-current) by <NavLink>'s rule. */
describe('isCurrentPath', () => {
  it.each([
    ['/stories', '/stories', false, true],
    ['/stories/', '/stories', false, true],
    ['/stories/4f1c', '/stories', false, true],
    ['/Stories/4f1c', '/stories', false, true],
    ['/storiesx', '/stories', false, false],
    ['/events', '/stories', false, false],
    ['/', '/', true, true],
    ['/stories', '/', true, false],
    ['/stories', '/', false, false],
    ['/spaces/tea-room', '/spaces', false, true],
    ['/spaces/tea-room', '/spaces', true, false],
  ])('%s is %s (end %s): %s', (pathname, to, end, current) => {
    expect(isCurrentPath(pathname, to, end)).toBe(current);
  });
});
