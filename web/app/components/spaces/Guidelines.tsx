import { useTranslation } from 'react-i18next';

/** Guidelines are plain text; paragraphs and line breaks stay as the host wrote them. */
export function Guidelines({ text, id = 'guidelines-title', changed = false }: { text: string; id?: string; changed?: boolean }) {
  const { t } = useTranslation('spaces');
  if (!text.trim()) return null;
  return (
    <section className="guidelines" aria-labelledby={id}>
      <h2 id={id}>{changed ? t('guidelines.changedTitle') : t('guidelines.title')}</h2>
      {changed ? <p>{t('guidelines.changedIntro')}</p> : null}
      <div className="guidelines__text">
        {text.split(/\n{2,}/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>
    </section>
  );
}
