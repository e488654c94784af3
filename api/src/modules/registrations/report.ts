import type { CountRow, EventMaterial, EventReport, FeedbackSummary, Locale, OrganisationType } from '@sorstars/shared';
import { toCsvText } from '../../core/csv/csv-cell.js';
import { translate } from '../../core/i18n/i18n.js';
import { MARGIN, createPdf, drawTable, pdfBuffer } from '../../core/pdf/pdf.js';

/** What every section may draw on. Further sections (feedback, materials) add their data here. */
export interface ReportContext {
  locale: Locale;
  report: EventReport;
  /** The event's description as plain text: the agenda as the organiser wrote it. */
  agenda: string;
  /** Files attached to the event, the agenda first. */
  materials: EventMaterial[];
  /** Aggregates only, and only from 5 answers on; null when the event has no feedback form. */
  feedback: FeedbackSummary | null;
}

/** One part of the report, rendered the same way into the PDF and the CSV. */
export interface ReportSection {
  title: string;
  paragraphs?: string[];
  table?: { head: string[]; rows: (string | number)[][] };
}

/** One small function per section; null leaves the section out (e.g. nothing to say). */
export type ReportSectionBuilder = (ctx: ReportContext) => ReportSection | null;

const t = (ctx: ReportContext, key: string, params?: Record<string, unknown>) => translate(ctx.locale, 'registrations', key, params);

const when = (ctx: ReportContext) => {
  const f = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: ctx.report.timezone });
  return `${f.formatRange(new Date(ctx.report.startsAt), new Date(ctx.report.endsAt))} (${ctx.report.timezone})`;
};

export const overviewSection: ReportSectionBuilder = (ctx) => ({
  title: t(ctx, 'report.overview'),
  table: {
    head: [t(ctx, 'report.item'), t(ctx, 'report.value')],
    rows: [
      [t(ctx, 'report.event'), ctx.report.title],
      [t(ctx, 'report.organisation'), ctx.report.organisation ?? ''],
      [t(ctx, 'report.when'), when(ctx)],
      [t(ctx, 'report.place'), ctx.report.place ?? ''],
    ],
  },
});

export const agendaSection: ReportSectionBuilder = (ctx) => ({
  title: t(ctx, 'report.agenda'),
  paragraphs: ctx.agenda.trim() ? ctx.agenda.trim().split(/\n+/) : [t(ctx, 'report.noAgenda')],
});

export const attendanceSection: ReportSectionBuilder = (ctx) => ({
  title: t(ctx, 'report.attendance'),
  table: {
    head: ['', t(ctx, 'report.registered'), t(ctx, 'report.attended')],
    rows: [
      [t(ctx, 'report.everyone'), ctx.report.registered, ctx.report.attended],
      [t(ctx, 'report.external'), ctx.report.external.registered, ctx.report.external.attended],
    ],
  },
  paragraphs: [
    ctx.report.partnerOrganisations.length
      ? t(ctx, 'report.partners', { names: ctx.report.partnerOrganisations.join('; ') })
      : t(ctx, 'report.noPartners'),
  ],
});

/** Written out, so the translations' check sees each key in use. */
const ORGANISATION_TYPE_KEYS: Record<OrganisationType, string> = {
  ngo: 'organisationTypes.ngo',
  public_body: 'organisationTypes.public_body',
  school_university: 'organisationTypes.school_university',
  company: 'organisationTypes.company',
  informal_group: 'organisationTypes.informal_group',
  other: 'organisationTypes.other',
};

const countries = (ctx: ReportContext) => new Intl.DisplayNames([ctx.locale], { type: 'region' });

const byTable = (ctx: ReportContext, title: string, keyLabel: string, rows: CountRow[], name: (key: string) => string): ReportSection => ({
  title,
  table: { head: [keyLabel, t(ctx, 'report.registered'), t(ctx, 'report.attended')], rows: rows.map((r) => [name(r.key), r.registered, r.attended]) },
  paragraphs: rows.length ? undefined : [t(ctx, 'report.noExternal')],
});

export const externalByCountrySection: ReportSectionBuilder = (ctx) =>
  byTable(ctx, t(ctx, 'report.byCountry'), t(ctx, 'report.country'), ctx.report.externalByCountry, (code) => `${countries(ctx).of(code) ?? code} (${code})`);

export const externalByTypeSection: ReportSectionBuilder = (ctx) =>
  byTable(ctx, t(ctx, 'report.byOrganisationType'), t(ctx, 'report.organisationType'), ctx.report.externalByOrganisationType, (key) =>
    translate(ctx.locale, 'registrations', ORGANISATION_TYPE_KEYS[key as OrganisationType] ?? key),
  );

export const materialsSection: ReportSectionBuilder = (ctx) => ({
  title: t(ctx, 'report.materials'),
  table: ctx.materials.length
    ? { head: [t(ctx, 'report.item'), t(ctx, 'report.file')], rows: ctx.materials.map((m) => [m.agenda ? `${m.title} (${t(ctx, 'report.agendaMark')})` : m.title, m.fileName]) }
    : undefined,
  paragraphs: ctx.materials.length ? undefined : [t(ctx, 'report.noMaterials')],
});

/** Never an individual answer below the threshold: the summary itself holds nothing then. */
export const feedbackSection: ReportSectionBuilder = (ctx) => {
  const f = ctx.feedback;
  const title = t(ctx, 'report.feedback');
  if (!f) return { title, paragraphs: [t(ctx, 'report.noFeedback')] };
  const paragraphs = [t(ctx, 'report.feedbackAnswered', { count: f.answered })];
  if (!f.enough) return { title, paragraphs: [...paragraphs, t(ctx, 'report.feedbackNotEnough')] };
  if (f.usefulness?.mean != null) paragraphs.push(t(ctx, 'report.usefulness', { mean: f.usefulness.mean, count: f.usefulness.count }));
  if (f.recommend) paragraphs.push(t(ctx, 'report.recommend', { yes: f.recommend.yes, no: f.recommend.no }));
  if (f.willUse.length) paragraphs.push(`${t(ctx, 'report.willUse')}:`, ...f.willUse.map((a) => `• ${a}`));
  if (f.missing.length) paragraphs.push(`${t(ctx, 'report.missing')}:`, ...f.missing.map((a) => `• ${a}`));
  const table = f.usefulness ? { head: [t(ctx, 'report.rating'), t(ctx, 'report.answers')], rows: f.usefulness.distribution.map((n, i) => [i + 1, n]) } : undefined;
  return { title, paragraphs, table };
};

/** The report, in order; a section's data goes into ReportContext (RegistrationsService.reportContext). */
export const REPORT_SECTIONS: readonly ReportSectionBuilder[] = [
  overviewSection,
  agendaSection,
  materialsSection,
  attendanceSection,
  externalByCountrySection,
  externalByTypeSection,
  feedbackSection,
];

const build = (ctx: ReportContext, sections: readonly ReportSectionBuilder[]) => sections.map((s) => s(ctx)).filter((s): s is ReportSection => s !== null);

/** Each section as a title line, its paragraphs, its table, then an empty line. */
export function reportCsv(ctx: ReportContext, sections = REPORT_SECTIONS): string {
  const lines: (string | number)[][] = [];
  for (const s of build(ctx, sections)) {
    lines.push([s.title]);
    for (const p of s.paragraphs ?? []) lines.push([p]);
    if (s.table) lines.push(s.table.head, ...s.table.rows);
    lines.push([]);
  }
  return toCsvText(lines);
}

export async function reportPdf(ctx: ReportContext, sections = REPORT_SECTIONS): Promise<Buffer> {
  const doc = createPdf(`${t(ctx, 'report.title')}: ${ctx.report.title}`);
  doc.font('bold').fontSize(16).text(`${t(ctx, 'report.title')}: ${ctx.report.title}`);
  for (const s of build(ctx, sections)) {
    doc.moveDown(1).x = MARGIN;
    doc.font('bold').fontSize(12).text(s.title);
    doc.moveDown(0.3);
    if (s.table) drawTable(doc, s.table.head.map((label, i) => ({ label, share: i === 0 ? 2 : 1 })), s.table.rows);
    doc.font('body').fontSize(10);
    for (const p of s.paragraphs ?? []) doc.text(p, MARGIN, undefined, { width: doc.page.width - 2 * MARGIN });
  }
  doc.moveDown(1).fontSize(8).text(t(ctx, 'report.retention', { date: ctx.report.retentionUntil }), MARGIN);
  return pdfBuffer(doc);
}

/** The printed list for the door: name, organisation, country and an empty signature column. */
export async function signInSheetPdf(locale: Locale, title: string, subtitle: string, people: readonly { fullName: string; organisation: string; country: string }[]): Promise<Buffer> {
  const tr = (key: string) => translate(locale, 'registrations', key);
  const doc = createPdf(`${tr('sheet.title')}: ${title}`);
  doc.font('bold').fontSize(14).text(`${tr('sheet.title')}: ${title}`);
  doc.font('body').fontSize(10).text(subtitle).moveDown(0.8);
  const columns = [
    { label: tr('sheet.name'), share: 3 },
    { label: tr('sheet.organisation'), share: 3 },
    { label: tr('sheet.country'), share: 1 },
    { label: tr('sheet.signature'), share: 3 },
  ];
  // Ten empty lines at the end for people who were not on the list.
  const rows = [...people.map((p) => [p.fullName, p.organisation, p.country, '']), ...Array.from({ length: 10 }, () => ['', '', '', ''])];
  drawTable(doc, columns, rows, 30);
  return pdfBuffer(doc);
}
