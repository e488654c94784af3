import { useTranslation } from 'react-i18next';
import { HANDBOOK_FORMATS } from '@sorstars/shared';

const LABEL = { epub: 'public.epub', docx: 'public.docx', pdf: 'public.pdf' } as const;

/** The three files of an edition, as plain links (they work without JavaScript). */
export function Downloads({ editionId }: { editionId: string }) {
  const { t } = useTranslation('handbook');
  return (
    <section aria-labelledby={`downloads-${editionId}`}>
      <h2 id={`downloads-${editionId}`}>{t('public.download')}</h2>
      <ul className="handbook-downloads">
        {HANDBOOK_FORMATS.map((f) => (
          <li key={f}>
            <a href={`/api/handbook/editions/${editionId}/download/${f}`} download>
              {t(LABEL[f])}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
