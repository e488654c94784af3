import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, type ShouldRevalidateFunction, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { requireUser } from '~/utils/session.server';
import { mySpacesSchema, storyFormAction, storyFormValues, storySchema } from '~/utils/stories.server';
import type { RouteHandle } from '~/utils/route-handle';
import { StoryForm } from '~/components/stories/StoryForm';
import { docToText } from '~/components/stories/RichTextField';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import storiesStyles from '~/components/stories/stories.css?url';
import { quietWhenUnreachable } from '~/utils/unreachable';

export const handle: RouteHandle = {
  title: (t) => t('form.editPageTitle', { ns: 'stories' }),
};

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: storiesStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const id = params.id ?? '';
  const [story, spaces] = await Promise.all([
    api(request, `/api/stories/${encodeURIComponent(id)}`, { schema: storySchema, locale }),
    api(request, '/api/spaces?mine=true&limit=100', { schema: mySpacesSchema, locale }),
  ]);
  if (!story.ok) throw data(null, { status: story.status === 404 || story.status === 400 ? 404 : story.status });
  if (!story.data.isAuthor) throw data(null, { status: 404 });
  return {
    initial: storyFormValues(story.data, docToText(story.data.content)),
    spaces: spaces.ok ? spaces.data.items.map(({ id: spaceId, name }) => ({ id: spaceId, name })) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return storyFormAction(request, user);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'autosave' ? false : defaultShouldRevalidate;
/** An autosave that finds no network is tried again by the form, not an error page. */
export const clientAction = quietWhenUnreachable(['autosave']);

export default function EditStoryPage() {
  const { t } = useTranslation('stories');
  const { initial } = useLoaderData<typeof loader>();
  const { spaces } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  return (
    <div className="story-editor">
      <p className="breadcrumb">
        <Link to={`/stories/${initial.id}`}>{t('form.backToStory')}</Link>
      </p>
      <h1>{initial.status === 'published' ? t('form.editTitle') : t('form.editDraftTitle')}</h1>
      <StoryForm
        key={initial.id}
        initial={failed?.values ?? initial}
        spaces={spaces}
        errors={failed?.errors}
        action={`/stories/${initial.id}/edit`}
        savedNotice={searchParams.get('saved') === '1'}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
