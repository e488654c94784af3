import { canCircle, type CircleAction, type CircleViewer } from './circle.policy.js';

const viewers: Record<string, CircleViewer> = {
  stranger: { orgRole: null, isMentor: false, isPlatformAdmin: false },
  platformAdmin: { orgRole: null, isMentor: false, isPlatformAdmin: true },
  staff: { orgRole: 'staff', isMentor: false, isPlatformAdmin: false },
  orgAdmin: { orgRole: 'admin', isMentor: false, isPlatformAdmin: false },
  mentor: { orgRole: null, isMentor: true, isPlatformAdmin: false },
  staffMentor: { orgRole: 'staff', isMentor: true, isPlatformAdmin: false },
};

const table: [keyof typeof viewers, Record<CircleAction, boolean>][] = [
  ['stranger', { createCircle: false, manageMentors: false, seeNumbers: false, readFeedback: false, readCircle: false, postCard: false, readLog: false }],
  ['platformAdmin', { createCircle: false, manageMentors: false, seeNumbers: false, readFeedback: false, readCircle: false, postCard: false, readLog: true }],
  ['staff', { createCircle: true, manageMentors: true, seeNumbers: true, readFeedback: true, readCircle: false, postCard: false, readLog: true }],
  ['orgAdmin', { createCircle: true, manageMentors: true, seeNumbers: true, readFeedback: true, readCircle: false, postCard: false, readLog: true }],
  ['mentor', { createCircle: false, manageMentors: false, seeNumbers: false, readFeedback: false, readCircle: true, postCard: true, readLog: true }],
  ['staffMentor', { createCircle: true, manageMentors: true, seeNumbers: true, readFeedback: true, readCircle: true, postCard: true, readLog: true }],
];

describe('canCircle', () => {
  it.each(table)('%s', (who, expected) => {
    for (const [action, allowed] of Object.entries(expected)) expect([action, canCircle(viewers[who]!, action as CircleAction)]).toEqual([action, allowed]);
  });
});
