/**
 * How long the web chat waits before sending again a message the server called BUSY. A full server
 * gets resends further apart each time; a held space gets them when its hold ends, since the server
 * names that moment and lengthens the hold itself (api/chat-send-line.e2e-spec.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { busyResendWaitMs } from '../../web/app/components/chat/chat-state.js';

describe('busyResendWaitMs', () => {
  it('waits longer each time a full server refuses', () => {
    const waits = [0, 1, 2, 3].map((tries) => busyResendWaitMs({ retryAfterMs: 400 }, tries));
    expect(waits).toEqual([400, 800, 1200, 1600]);
  });

  it('waits just until a held space says its hold ends, however often it was refused', () => {
    const holds = [1_100, 2_050, 4_200, 8_000, 8_100];
    expect(holds.map((hint, tries) => busyResendWaitMs({ retryAfterMs: hint, spaceHeld: true }, tries))).toEqual(holds);
  });

  it('waits half a second, growing, when the server names no wait', () => {
    expect(busyResendWaitMs({}, 0)).toBe(500);
    expect(busyResendWaitMs({}, 2)).toBe(1500);
  });
});
