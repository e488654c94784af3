import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CrisisResourceInput, Locale } from '@sorstars/shared';
import { AppError } from '../../core/errors/app-error.js';
import { returning } from '../../core/database/returning.js';
import { prepared } from '../../core/database/prepared.js';
import { ACTIVE_BANNER, type BannerRow } from './banner.sql.js';

/** Each language's country, for "Get help now": general resources are always listed too. */
const COUNTRY_OF: Record<Locale, string> = { en: 'general', hu: 'hu', sr: 'rs', da: 'dk', fi: 'fi', sl: 'si' };

interface ResourceRow {
  id: string;
  country: string;
  municipality: string | null;
  name: string;
  description: Record<string, string>;
  phone: string | null;
  url: string | null;
  hours: Record<string, string>;
  position: number;
}

const pick = (texts: Record<string, string>, locale: Locale) => texts[locale] ?? texts.en ?? Object.values(texts)[0] ?? null;


/** A banner row as a reader of `locale` sees it. */
export function toBanner(b: BannerRow, locale: Locale) {
  return { id: b.id, message: pick(b.message, locale), url: b.url, startsAt: b.starts_at.toISOString(), endsAt: b.ends_at.toISOString() };
}

/** Crisis resources per country and municipality, and the emergency banner. Admins keep them. */
@Injectable()
export class CrisisService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resources for a person's language: their country's first, then the general ones. */
  async forLocale(locale: Locale, country?: string) {
    const wanted = country ?? COUNTRY_OF[locale];
    const rows: ResourceRow[] = await this.db.query(
      `SELECT * FROM crisis_resources WHERE country = $1 OR country = 'general'
        ORDER BY (country = 'general'), position, name`,
      [wanted],
    );
    return rows.map((r) => this.toResource(r, locale));
  }

  /** Every resource with all its translations, for the admin page. */
  async all() {
    const rows: ResourceRow[] = await this.db.query(`SELECT * FROM crisis_resources ORDER BY country, position, name`);
    return rows.map((r) => ({ ...this.toResource(r, 'en'), description: r.description, hours: r.hours }));
  }

  async create(input: CrisisResourceInput) {
    const [{ id }] = await this.db.query(
      `INSERT INTO crisis_resources (country, municipality, name, description, phone, url, hours, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [input.country, input.municipality ?? null, input.name, JSON.stringify(input.description), input.phone ?? null, input.url ?? null, JSON.stringify(input.hours), input.position],
    );
    return { id };
  }

  async update(id: string, input: CrisisResourceInput) {
    const rows = await returning(
      this.db,
      `UPDATE crisis_resources SET country = $2, municipality = $3, name = $4, description = $5, phone = $6, url = $7, hours = $8, position = $9, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [id, input.country, input.municipality ?? null, input.name, JSON.stringify(input.description), input.phone ?? null, input.url ?? null, JSON.stringify(input.hours), input.position],
    );
    if (!rows.length) throw new AppError('NOT_FOUND');
    return { id };
  }

  async remove(id: string) {
    const rows = await returning(this.db, `DELETE FROM crisis_resources WHERE id = $1 RETURNING id`, [id]);
    if (!rows.length) throw new AppError('NOT_FOUND');
  }

  /** The banner showing now, in the reader's language, or null. */
  async activeBanner(locale: Locale) {
    const rows: BannerRow[] = await this.db.query(prepared(ACTIVE_BANNER));
    return rows[0] ? toBanner(rows[0], locale) : null;
  }

  async banners() {
    const rows = await this.db.query(`SELECT id, message, url, starts_at, ends_at FROM emergency_banners ORDER BY starts_at DESC LIMIT 100`);
    return rows.map((b: { id: string; message: Record<string, string>; url: string | null; starts_at: Date; ends_at: Date }) => ({
      id: b.id,
      message: b.message,
      url: b.url,
      startsAt: b.starts_at.toISOString(),
      endsAt: b.ends_at.toISOString(),
    }));
  }

  async createBanner(input: { message: Record<string, string>; url?: string | null; startsAt: string; endsAt: string }, createdBy: string) {
    const [{ id }] = await this.db.query(
      `INSERT INTO emergency_banners (message, url, starts_at, ends_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [JSON.stringify(input.message), input.url ?? null, input.startsAt, input.endsAt, createdBy],
    );
    return { id };
  }

  async deleteBanner(id: string) {
    const rows = await returning(this.db, `DELETE FROM emergency_banners WHERE id = $1 RETURNING id`, [id]);
    if (!rows.length) throw new AppError('NOT_FOUND');
  }

  private toResource(r: ResourceRow, locale: Locale) {
    return {
      id: r.id,
      country: r.country,
      municipality: r.municipality,
      name: r.name,
      description: pick(r.description, locale),
      phone: r.phone,
      url: r.url,
      hours: pick(r.hours, locale),
      position: r.position,
    };
  }
}
