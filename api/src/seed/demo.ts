import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { usernameKey, type Locale, type PlatformRole } from '@sorstars/shared';
import { logger } from '../core/logging/logger.js';
import { hashPassword } from '../modules/accounts/passwords.js';

/** Every demo account's password; README names it. Demo data is for trying the product only. */
export const DEMO_PASSWORD = 'sorstars-demo-2026';

interface DemoUser {
  username: string;
  displayName: string;
  locale: Locale;
  roles: PlatformRole[];
}

/** A small, believable community across the six languages. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Sorstárs admin', locale: 'en', roles: ['member', 'admin'] },
  { username: 'kata', displayName: 'Kata (mentor, Budapest)', locale: 'hu', roles: ['member'] },
  { username: 'mads', displayName: 'Mads', locale: 'da', roles: ['member'] },
  { username: 'aino', displayName: 'Aino (kokemusasiantuntija)', locale: 'fi', roles: ['member'] },
  { username: 'milica', displayName: 'Milica', locale: 'sr', roles: ['member'] },
  { username: 'ziga', displayName: 'Žiga', locale: 'sl', roles: ['member'] },
  { username: 'streets-to-homes', displayName: 'From Streets to Homes (staff)', locale: 'hu', roles: ['member', 'org_staff'] },
];

interface DemoSpace {
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'private' | 'hidden';
  language: Locale;
  guidelines: string;
  host: string;
  members: string[];
  messages: [author: string, body: string][];
}

/** Spaces like the ones the NGOs run, each in its own language, with a first conversation. */
export const DEMO_SPACES: DemoSpace[] = [
  {
    slug: 'helt-hjem-aarhus',
    name: 'Helt Hjem Aarhus – beboere',
    description: 'Et fælles rum for beboerne i Helt Hjem Aarhus: fællesspisning, hjælp til hinanden og hyggesnak.',
    visibility: 'public',
    language: 'da',
    guidelines: 'Vi taler pænt til hinanden.\nDet, der bliver sagt her, bliver her.\nIngen bliver dømt for deres historie.',
    host: 'mads',
    members: ['aino', 'admin'],
    messages: [
      ['mads', 'Hej alle! Fællesspisning på tirsdag kl. 18 – hvem er med?'],
      ['aino', 'Jeg kommer gerne og tager en salat med 🙂'],
      ['mads', 'Super, @aino! Vi mangler også en til at hjælpe med opvasken.'],
    ],
  },
  {
    slug: 'mentorkor-budapest',
    name: 'Mentorkör – Budapest',
    description: 'Tapasztalati szakértők és mentorok köre: esetmegbeszélés, egymás támogatása.',
    visibility: 'private',
    language: 'hu',
    guidelines: 'Amit itt megosztunk, itt marad.\nNevek és személyes adatok nélkül beszélünk az esetekről.',
    host: 'kata',
    members: ['streets-to-homes'],
    messages: [
      ['kata', 'Sziasztok! Csütörtökön 17 órakor lesz a következő mentortalálkozó.'],
      ['streets-to-homes', 'Köszönjük, Kata! Hozzuk a kézikönyv új fejezetét is.'],
    ],
  },
  {
    slug: 'mladi-szeged-subotica',
    name: 'Mladi Szeged–Subotica',
    description: 'Grupa za mlade koji izlaze iz doma: stan, posao, papiri i podrška jedni drugima.',
    visibility: 'public',
    language: 'sr',
    guidelines: 'Poštujemo jedni druge.\nNe delimo tuđe lične podatke.',
    host: 'milica',
    members: ['ziga'],
    messages: [
      ['milica', 'Zdravo svima! Da li neko zna gde se u Subotici predaje zahtev za ličnu kartu?'],
      ['ziga', 'U MUP-u, Trg Lazara Nešića. Ponesi izvod iz matične knjige rođenih.'],
    ],
  },
  {
    slug: 'kokemusasiantuntijat',
    name: 'Kokemusasiantuntijat',
    description: 'Asunnottomuuden kokeneiden kohtaamispaikka: vertaistukea ja vaikuttamista kunnan työhön.',
    visibility: 'public',
    language: 'fi',
    guidelines: 'Kunnioitamme toisiamme.\nJokaisen tarina on hänen omansa.',
    host: 'aino',
    members: ['mads'],
    messages: [['aino', 'Tervetuloa! Kunnan asumisneuvonnan tapaaminen on ensi viikolla.']],
  },
];

async function seedSpaces(manager: EntityManager, ids: Map<string, string>): Promise<void> {
  for (const space of DEMO_SPACES) {
    const [{ id }] = await manager.query(
      `INSERT INTO spaces (slug, name, description, visibility, language, guidelines, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [space.slug, space.name, space.description, space.visibility, space.language, space.guidelines, ids.get(space.host)],
    );
    const people: [string, string][] = [[space.host, 'host'], ...space.members.map((m): [string, string] => [m, 'member'])];
    for (const [username, role] of people) {
      await manager.query(
        `INSERT INTO space_members (space_id, user_id, role, accepted_guidelines_version) VALUES ($1, $2, $3, 1)`,
        [id, ids.get(username), role],
      );
    }
    for (const [seq, [author, body]] of space.messages.entries()) {
      await manager.query(
        `INSERT INTO messages (space_id, seq, client_id, author_id, body, created_at)
         VALUES ($1, $2, gen_random_uuid(), $3, $4, now() - make_interval(mins => $5))`,
        [id, seq + 1, ids.get(author), body, (space.messages.length - seq) * 7],
      );
    }
    await manager.query(`UPDATE spaces SET last_seq = $2 WHERE id = $1`, [id, space.messages.length]);
  }
}

/** Seeds only a database with no people in it, so a restart never duplicates the demo. */
export async function seedDemoIfEmpty(app: INestApplication): Promise<void> {
  const db = app.get<DataSource>(getDataSourceToken());
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users`);
  if (n > 0) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (manager) => {
    const ids = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const [{ id }] = await manager.query(
        `INSERT INTO users (username, username_key, display_name, password_hash, locale, roles) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [u.username, usernameKey(u.username), u.displayName, passwordHash, u.locale, u.roles],
      );
      ids.set(u.username, id);
    }
    await seedSpaces(manager, ids);
  });
  logger.info({ users: DEMO_USERS.length, spaces: DEMO_SPACES.length }, 'demo content seeded');
}
