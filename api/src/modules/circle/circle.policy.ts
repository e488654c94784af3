/**
 * Who may do what around an organisation's mentors' circle. Pure, so REST, Socket.IO (through
 * the circle's hidden space membership) and the web give one answer.
 *
 * - Coordinators (the organisation's staff and admins) create the circle, mark who its mentors
 *   are, and see the numbers, the private feedback (without names) and the log. They do NOT read the circle or its cards unless they
 *   are themselves marked as mentors: supervision without exposure.
 * - Mentors (people the organisation marked) read and post cards, and read the log.
 */
export interface CircleViewer {
  orgRole: 'staff' | 'admin' | null;
  isMentor: boolean;
  isPlatformAdmin: boolean;
}

export type CircleAction = 'createCircle' | 'manageMentors' | 'seeNumbers' | 'readFeedback' | 'readCircle' | 'postCard' | 'readLog';

export function canCircle(v: CircleViewer, action: CircleAction): boolean {
  const coordinator = v.orgRole !== null;
  switch (action) {
    case 'createCircle':
    case 'manageMentors':
    case 'seeNumbers':
    case 'readFeedback':
      return coordinator;
    case 'readCircle':
    case 'postCard':
      return v.isMentor;
    case 'readLog':
      return coordinator || v.isMentor || v.isPlatformAdmin;
  }
}
