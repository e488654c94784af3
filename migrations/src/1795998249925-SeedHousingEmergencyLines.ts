import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Housing-emergency lines for "Get help now": nowhere to sleep tonight, or someone outside in the
 * cold. Only numbers read on the organisation's own public page are seeded, each with that page
 * and the day it was read; admins add the rest (and opening hours) on the admin page.
 *
 * Looked for and NOT seeded, because no page of the organisation itself giving the number was
 * found: Budapest's regional dispatcher service (BMSZKI / Menhely Alapítvány / Máltai, numbers
 * seen only in news articles), Denmark's Hjemløsetelefon and Kirkens Korshær night shelters,
 * Y-Säätiö and Helsinki housing advice, Belgrade's and Novi Sad's shelters (their own pages give
 * only an e-mail address), and Ljubljana's Kralji ulice and Zavetišče za brezdomce.
 */
const LINES: { country: string; municipality: string; name: string; phone: string; url: string; source: string; read: string; description: Record<string, string> }[] = [
  {
    country: 'hu',
    municipality: 'Miskolc',
    name: 'Máltai Szeretetszolgálat – Miskolci Regionális Diszpécserszolgálat',
    // The page writes it "46/530-268".
    phone: '+36 46 530 268',
    url: 'https://maltai.hu/miskolcidiszpecser',
    source: 'https://maltai.hu/miskolcidiszpecser',
    read: '2026-11-30',
    description: {
      en: 'Dispatcher for people without a home in Borsod-Abaúj-Zemplén, Heves and Nógrád counties: call if you, or someone you see outside, needs a place to sleep or help now. It runs the crisis car.',
      hu: 'Diszpécserszolgálat hajléktalan emberekért Borsod-Abaúj-Zemplén, Heves és Nógrád megyében: hívd, ha neked vagy valakinek, akit az utcán látsz, szállásra vagy azonnali segítségre van szüksége. Ők működtetik a krízisautót.',
      sr: 'Dispečerska služba za ljude bez doma u županijama Borsod-Abaúj-Zemplén, Heves i Nógrád: pozovi ako tebi ili nekome koga vidiš napolju treba mesto za spavanje ili hitna pomoć.',
      da: 'Vagtcentral for hjemløse i Borsod-Abaúj-Zemplén, Heves og Nógrád: ring, hvis du eller en, du ser udenfor, har brug for et sted at sove eller hjælp nu.',
      fi: 'Päivystyskeskus asunnottomille Borsod-Abaúj-Zemplénin, Hevesin ja Nógrádin maakunnissa: soita, jos sinä tai joku ulkona näkemäsi tarvitsee yöpaikan tai apua nyt.',
      sl: 'Dežurna služba za brezdomne v okrajih Borsod-Abaúj-Zemplén, Heves in Nógrád: pokliči, če ti ali nekdo, ki ga vidiš zunaj, potrebuje prenočišče ali pomoč takoj.',
    },
  },
];

export class SeedHousingEmergencyLines1795998249925 implements MigrationInterface {
  name = 'SeedHousingEmergencyLines1795998249925';

  async up(q: QueryRunner): Promise<void> {
    for (const line of LINES) {
      // Opening hours stay empty: the page does not say when the line answers, and we do not guess.
      await q.query(
        `INSERT INTO crisis_resources (country, municipality, name, phone, url, position, description) VALUES ($1, $2, $3, $4, $5, 10, $6)`,
        [line.country, line.municipality, line.name, line.phone, line.url, JSON.stringify(line.description)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM crisis_resources WHERE name = ANY($1::text[])`, [LINES.map((l) => l.name)]);
  }
}
