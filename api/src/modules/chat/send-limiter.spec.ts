import { SendLimiter } from './send-limiter.js';
import { mentionedUsernameKeys } from './mentions.js';

describe('SendLimiter', () => {
  it('allows the limit within the window, then answers the seconds to wait', () => {
    const limiter = new SendLimiter(3, 10_000);
    expect([0, 1, 2].map((i) => limiter.take('a', 1_000 + i))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 2_000)).toBe(9);
    // Other people and other spaces have their own count.
    expect(limiter.take('b', 2_000)).toBe(0);
  });

  it('lets sends through again once the oldest leaves the window', () => {
    const limiter = new SendLimiter(2, 10_000);
    limiter.take('a', 0);
    limiter.take('a', 5_000);
    expect(limiter.take('a', 9_000)).toBeGreaterThan(0);
    expect(limiter.take('a', 10_001)).toBe(0);
  });

  it('takes back a send that turned out to be a resend, so it does not count', () => {
    const limiter = new SendLimiter(2, 10_000);
    limiter.take('a', 1_000);
    limiter.take('a', 2_000);
    limiter.giveBack('a');
    expect(limiter.take('a', 3_000)).toBe(0);
    expect(limiter.take('a', 3_000)).toBeGreaterThan(0);
    limiter.giveBack('nobody');
    expect(limiter.take('nobody', 3_000)).toBe(0);
  });
});

describe('mentionedUsernameKeys', () => {
  it('finds mentions in any script, folded, each once', () => {
    expect(mentionedUsernameKeys('Hej @Kata og @kata, og @Žiga!')).toEqual(['kata', 'žiga']);
  });

  it('ignores e-mail addresses and too-short names', () => {
    expect(mentionedUsernameKeys('write to someone@example.org or @ab')).toEqual([]);
  });
});
