import { data } from '@remix-run/node';
import type { TFunction } from 'i18next';
import { messageBodySchema } from '@sorstars/shared';
import { api } from './api.server';
import { problemErrors, validate, type FormErrors } from './forms.server';
import { formatNumber } from './i18n';
import { localRedirect } from './redirect.server';
import { sentMessageSchema } from './spaces.server';
import type { ChatActionData, ChatIntent } from './chat-intents';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The chat's form posts, for any page that shows a chat (a space, a conversation): `here` is that
 * page, where a no-JavaScript send returns to.
 */
export async function chatAction(
  request: Request,
  c: { intent: ChatIntent; formData: FormData; spaceId: string; here: string; locale: string; t: TFunction },
) {
  const { intent, formData, spaceId, here, locale, t } = c;
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<ChatActionData>({ intent, errors, values }, { status });
  switch (intent) {
    case 'send': {
      // The composer without JavaScript: a fresh clientId per post, then back to the page (PRG).
      const body = String(formData.get('body') ?? '');
      const replyToId = String(formData.get('replyToId') ?? '');
      const checked = validate(messageBodySchema, body, t);
      if (!checked.ok) return fail({ fieldErrors: { body: checked.errors.formError ?? '' } }, 400, { body });
      const result = await api(request, `/api/spaces/${spaceId}/messages`, {
        method: 'POST',
        body: { clientId: crypto.randomUUID(), body: checked.data, ...(UUID.test(replyToId) ? { replyToId } : {}) },
        schema: sentMessageSchema,
        locale,
      });
      if (!result.ok) {
        const errors = problemErrors(result, t);
        const message =
          result.problem.code === 'RATE_LIMITED' && result.retryAfter
            ? t('composer.rateLimited', { ns: 'chat', seconds: formatNumber(result.retryAfter, locale) })
            : (errors.fieldErrors.body ?? errors.formError ?? '');
        return fail({ fieldErrors: { body: message } }, result.status, { body });
      }
      return localRedirect(`${here}#composer-body`);
    }
    case 'block': {
      const userId = String(formData.get('userId') ?? '');
      if (!UUID.test(userId)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
      const result = await api(request, `/api/users/${userId}/block`, { method: 'POST', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ChatActionData>({ intent, blocked: userId });
    }
    case 'read': {
      const seq = Number(formData.get('seq'));
      if (!Number.isInteger(seq) || seq < 0) return fail({ fieldErrors: {} }, 400);
      const result = await api(request, `/api/spaces/${spaceId}/read`, { method: 'POST', body: { seq }, locale });
      return result.ok ? data<ChatActionData>({ intent }) : fail({ fieldErrors: {} }, result.status);
    }
    case 'typing': {
      const showTyping = formData.getAll('showTyping').includes('true');
      const result = await api(request, `/api/spaces/${spaceId}/typing-preference`, { method: 'PUT', body: { showTyping }, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ChatActionData>({ intent });
    }
  }
}
