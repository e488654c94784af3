/**
 * How long the web chat waits before sending again a message the server called BUSY, and when it
 * stops and shows it as not sent. A full server gets resends further apart each time, six of them;
 * a held space gets them when its hold ends, since the server names that moment and lengthens the
 * hold itself (api/chat-send-line.e2e-spec.ts), for up to two minutes.
 */
import { describe, expect, it } from '@jest/globals';
import { busyResendWaitMs, type BusyResends } from '../../web/app/components/chat/chat-state.js';

/** The waits for a run of BUSY answers, until the client gives up (null). */
function waits(answers: Array<{ retryAfterMs?: number; spaceHeld?: boolean }>, resends: BusyResends = { tries: 0, heldMs: 0 }) {
  return answers.map((answer) => busyResendWaitMs(answer, resends));
}

describe('busyResendWaitMs', () => {
  it('waits longer each time a full server refuses, six times', () => {
    expect(waits(Array.from({ length: 7 }, () => ({ retryAfterMs: 400 })))).toEqual([400, 800, 1200, 1600, 2000, 2400, null]);
  });

  it('waits just until a held space says its hold ends, however often it was refused', () => {
    const holds = [1_100, 2_050, 4_200, 8_000, 8_100, 8_200, 8_050];
    expect(waits(holds.map((hint) => ({ retryAfterMs: hint, spaceHeld: true })))).toEqual(holds);
  });

  it('keeps resending to a held space for two minutes, then shows the message as not sent', () => {
    const answers = Array.from({ length: 20 }, () => ({ retryAfterMs: 8_000, spaceHeld: true }));
    const all = waits(answers);
    expect(all.slice(0, 15)).toEqual(Array(15).fill(8_000));
    expect(all[15]).toBeNull();
  });

  it('counts a held space and a full server apart: a short wait for a probe out does not use up tries', () => {
    const resends = { tries: 0, heldMs: 0 };
    expect(waits([{ retryAfterMs: 200, spaceHeld: true }, { retryAfterMs: 300 }, { retryAfterMs: 250, spaceHeld: true }, { retryAfterMs: 300 }], resends)).toEqual([200, 300, 250, 600]);
    expect(resends).toEqual({ tries: 2, heldMs: 450 });
  });

  it('waits half a second, growing, when the server names no wait', () => {
    expect(waits([{}, {}, {}])).toEqual([500, 1000, 1500]);
  });
});
