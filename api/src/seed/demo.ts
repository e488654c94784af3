import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { usernameKey, type Locale, type PlatformRole } from '@sorstars/shared';
import { logger } from '../core/logging/logger.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import { parseRichText } from '../core/rich-text/rich-text.js';
import { DateTime } from 'luxon';
import { seedDirectory } from './demo-directory.js';

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

async function seedSpaces(manager: EntityManager, ids: Map<string, string>): Promise<Map<string, string>> {
  const spaceIds = new Map<string, string>();
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
    spaceIds.set(space.slug, id);
  }
  return spaceIds;
}

const paragraphs = (...texts: string[]) => ({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

interface DemoStory {
  author: string;
  title: string;
  language: Locale;
  topics: string[];
  notes: string[];
  anonymous?: boolean;
  body: string[];
}

/** Lived-experience stories as mentors tell them, one per language. */
export const DEMO_STORIES: DemoStory[] = [
  {
    author: 'kata',
    title: 'Az első éjszaka a saját lakásomban',
    language: 'hu',
    topics: ['housing', 'recovery'],
    notes: [],
    body: ['Hét évig egyik szállásról a másikra jártam. Aztán először zártam be a saját ajtómat, és nem tudtam aludni, annyira csendes volt.', 'Ha most költözöl be: nem baj, ha furcsa. Nekem három hét kellett, hogy otthonnak érezzem.'],
  },
  {
    author: 'mads',
    title: 'Da jeg fyldte 18 og skulle flytte',
    language: 'da',
    topics: ['leaving_care', 'housing'],
    notes: ['eviction'],
    body: ['Jeg havde to uger til at finde et sted at bo, da jeg blev 18. Det var det sværeste forår i mit liv.', 'Helt Hjem gav mig et værelse og folk at spise sammen med. Spørg om hjælp tidligt – det er ikke et nederlag.'],
  },
  {
    author: 'milica',
    title: 'Kako sam sredila papire',
    language: 'sr',
    topics: ['rights_papers'],
    notes: [],
    anonymous: true,
    body: ['Bez lične karte nisam mogla ni da se zaposlim ni da otvorim račun. Trebalo mi je četiri meseca.', 'Savet: prvo izvod iz matične knjige rođenih, pa tek onda MUP. I uvek traži potvrdu da si predala zahtev.'],
  },
  {
    author: 'aino',
    title: 'Kokemusasiantuntijana kunnan pöydässä',
    language: 'fi',
    topics: ['community', 'work'],
    notes: [],
    body: ['Ensimmäisessä kokouksessa pelkäsin, ettei kukaan kuuntele. Toisin kävi: kysymyksiini vastattiin.', 'Oma kokemus on tietoa, jota virkamiehillä ei ole.'],
  },
  {
    author: 'ziga',
    title: 'Prvo delo po dveh letih',
    language: 'sl',
    topics: ['work'],
    notes: [],
    body: ['Po dveh letih brez stalnega naslova sem dobil delo v pekarni. Začel sem ob štirih zjutraj in bil ponosen.'],
  },
  {
    author: 'admin',
    title: 'Why we built Sorstárs',
    language: 'en',
    topics: ['community'],
    notes: [],
    body: ['Peer mentors told us they needed a place that feels safe, where nobody is judged, and where the people who have been there lead.', 'Everything here can be read in six languages, and you can leave quickly at any time.'],
  },
];

async function seedStories(manager: EntityManager, ids: Map<string, string>): Promise<void> {
  for (const [i, story] of DEMO_STORIES.entries()) {
    const rich = parseRichText('story', paragraphs(...story.body));
    const [{ id }] = await manager.query(
      `INSERT INTO stories (author_id, title, content, html, plain_text, content_warnings, visibility, language, topics, status, anonymous,
                            consent_handbook, consent_updated_at, published_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'public', $7, $8, 'published', $9, true, now(), now() - make_interval(hours => $10), now() - make_interval(hours => $10))
       RETURNING id`,
      [ids.get(story.author), story.title, JSON.stringify(rich.doc), rich.html, rich.text, story.notes, story.language, story.topics, story.anonymous ?? false, (i + 1) * 5],
    );
    await manager.query(`INSERT INTO story_consents (story_id, handbook) VALUES ($1, true)`, [id]);
  }
}

/** Next weekday (1 = Monday … 7 = Sunday) at a local time in a zone, as an instant. */
function next(weekday: number, hour: number, zone: string, weeksAhead = 0): Date {
  let day = DateTime.now().setZone(zone).startOf('day').set({ hour });
  while (day.weekday !== weekday || day < DateTime.now()) day = day.plus({ days: 1 });
  return day.plus({ weeks: weeksAhead }).toJSDate();
}

async function seedEvents(manager: EntityManager, ids: Map<string, string>, spaces: Map<string, string>): Promise<void> {
  const events = [
    { space: 'helt-hjem-aarhus', by: 'mads', title: 'Fællesspisning', kind: 'community', zone: 'Europe/Copenhagen', start: next(2, 18, 'Europe/Copenhagen'), hours: 2, rrule: 'FREQ=WEEKLY;BYDAY=TU', capacity: 14, place: 'Fælleshuset, Aarhus', practicalities: ['food', 'freeOfCharge', 'stepFree'] },
    { space: 'mentorkor-budapest', by: 'kata', title: 'Mentortalálkozó', kind: 'mentor_meeting', zone: 'Europe/Budapest', start: next(4, 17, 'Europe/Budapest'), hours: 1.5, rrule: 'FREQ=WEEKLY;BYDAY=TH', capacity: null, place: 'Utcáról Lakásba Egyesület', practicalities: ['freeOfCharge'] },
    { space: null, by: 'streets-to-homes', title: 'Peer mentoring handbook launch – Szeged', kind: 'multiplier', zone: 'Europe/Budapest', start: next(6, 10, 'Europe/Budapest', 3), hours: 6, rrule: null, capacity: 60, place: 'Szeged, Dugonics tér', practicalities: ['food', 'travelCosts', 'stepFree', 'noIdNeeded', 'freeOfCharge'] },
    { space: 'kokemusasiantuntijat', by: 'aino', title: 'Vertaistukiryhmä', kind: 'community', zone: 'Europe/Helsinki', start: next(1, 16, 'Europe/Helsinki'), hours: 2, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', capacity: 12, place: 'Kirjasto Oodi, Helsinki', practicalities: ['stepFree', 'freeOfCharge'] },
  ];
  for (const e of events) {
    const description = parseRichText('story', paragraphs(e.title));
    await manager.query(
      `INSERT INTO events (space_id, created_by, title, description, description_html, kind, starts_at, ends_at, timezone, rrule, capacity, location_name, practicalities)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [e.space ? spaces.get(e.space) : null, ids.get(e.by), e.title, JSON.stringify(description.doc), description.html, e.kind, e.start,
        new Date(e.start.getTime() + e.hours * 3600_000), e.zone, e.rrule, e.capacity, e.place, e.practicalities],
    );
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
    const spaces = await seedSpaces(manager, ids);
    await seedStories(manager, ids);
    await seedEvents(manager, ids, spaces);
    await seedDirectory(manager, ids);
  });
  logger.info({ users: DEMO_USERS.length, spaces: DEMO_SPACES.length, stories: DEMO_STORIES.length }, 'demo content seeded');
}
