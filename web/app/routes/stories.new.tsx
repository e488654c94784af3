import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, type ShouldRevalidateFunction, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { requireUser } from '~/utils/session.server';
import { mySpacesSchema, storyFormAction, type StoryFormValues } from '~/utils/stories.server';
import type { RouteHandle } from '~/utils/route-handle';
import { StoryForm } from '~/components/stories/StoryForm';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import storiesStyles from '~/components/stories/stories.css?url';
import { quietWhenUnreachable } from '~/utils/unreachable';

export const handle: RouteHandle = {
  title: (t) => t('form.newPageTitle', { ns: 'stories' }),
};

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: storiesStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const spaces = await api(request, '/api/spaces?mine=true&limit=100', { schema: mySpacesSchema, locale });
  const initial: StoryFormValues = {
    id: null,
    title: '',
    content: null,
    text: '',
    language: locale,
    topics: [],
    notes: [],
    ownNotes: '',
    visibility: 'members',
    spaceId: '',
    anonymous: false,
    consent: false,
    status: 'draft',
  };
  return { initial, spaces: spaces.ok ? spaces.data.items.map(({ id, name }) => ({ id, name })) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return storyFormAction(request, user);
}

/** Background saves change nothing the page shows; reloading the page data each time is waste. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'autosave' ? false : defaultShouldRevalidate;
/** An autosave that finds no network is tried again by the form, not an error page. */
export const clientAction = quietWhenUnreachable(['autosave']);

export default function NewStoryPage() {
  const { t } = useTranslation('stories');
  const { initial, spaces } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  return (
    <div className="story-editor">
      <p className="breadcrumb">
        <Link to="/stories">{t('list.backToStories')}</Link>
      </p>
      <h1>{t('form.newTitle')}</h1>
      <p className="lead">{t('form.newIntro')}</p>
      <StoryForm initial={failed?.values ?? initial} spaces={spaces} errors={failed?.errors} action="/stories/new" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
