import { Form } from '@remix-run/react';

/** One button, one request: works before JavaScript, and needs no confirmation step or reason. */
export function OneTap({ intent, label, matchId, tone = 'secondary' }: { intent: string; label: string; matchId?: string; tone?: 'primary' | 'secondary' }) {
  return (
    <Form method="post" className="one-tap">
      {matchId ? <input type="hidden" name="matchId" value={matchId} /> : null}
      <button type="submit" name="intent" value={intent} className={tone === 'primary' ? 'button' : 'button button--secondary'}>
        {label}
      </button>
    </Form>
  );
}
