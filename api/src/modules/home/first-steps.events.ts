/**
 * Domain event: a person did one of the home page's first steps that no other table remembers.
 * Accounts (recovery codes kept or renewed) and stories (content-note settings saved) emit it with
 * `emitAsync`, so the step is stored before their answer goes out; the home module stores it.
 */
export const FIRST_STEP_DONE = 'first-step.done';

export const RECORDED_STEPS = ['content_notes', 'recovery_codes'] as const;
export type RecordedStep = (typeof RECORDED_STEPS)[number];

export interface FirstStepDone {
  userId: string;
  step: RecordedStep;
}
