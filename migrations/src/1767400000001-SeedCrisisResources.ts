import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The "Get help now" page must never be empty: national emergency and crisis lines for each
 * country we serve, which admins can then extend with municipal services.
 */
const RESOURCES: [country: string, name: string, phone: string, url: string | null, position: number, description: Record<string, string>][] = [
  ['general', '112', '112', null, 0, { en: 'Emergency number in every EU country, free of charge, day and night: police, ambulance, fire.', hu: 'Segélyhívó szám minden EU-országban, ingyenes, éjjel-nappal: rendőrség, mentők, tűzoltóság.', sr: 'Broj za hitne slučajeve, besplatan, danju i noću: policija, hitna pomoć, vatrogasci.', da: 'Alarmnummer i alle EU-lande, gratis, døgnet rundt: politi, ambulance, brandvæsen.', fi: 'Hätänumero kaikissa EU-maissa, maksuton, ympäri vuorokauden: poliisi, ambulanssi, palokunta.', sl: 'Številka za klic v sili v vseh državah EU, brezplačna, podnevi in ponoči: policija, reševalci, gasilci.' }],
  ['dk', 'Livslinien', '70 201 201', 'https://www.livslinien.dk', 0, { en: 'Anonymous support if you are thinking about suicide.', da: 'Anonym rådgivning, hvis du har tanker om selvmord.' }],
  ['dk', 'Børnetelefonen', '116 111', 'https://bornetelefonen.dk', 1, { en: 'For children and young people, anonymous.', da: 'For børn og unge, anonymt.' }],
  ['fi', 'MIELI Kriisipuhelin', '09 2525 0111', 'https://mieli.fi', 0, { en: 'Crisis helpline, day and night.', fi: 'Kriisipuhelin, ympäri vuorokauden.' }],
  ['hu', 'Lelki Elsősegély Telefonszolgálat', '116 123', 'https://www.sos116-123.hu', 0, { en: 'Emotional support line, free of charge, day and night.', hu: 'Lelki elsősegély, ingyenesen hívható, éjjel-nappal.' }],
  ['rs', 'Centar Srce', '0800 300 303', 'https://www.centarsrce.org', 0, { en: 'Emotional support and suicide prevention, free of charge.', sr: 'Emotivna podrška i prevencija samoubistva, besplatno.' }],
  ['si', 'Zaupni telefon Samarijan', '116 123', 'https://www.samarijan.si', 0, { en: 'Confidential support line, day and night.', sl: 'Zaupni telefon, podnevi in ponoči.' }],
];

export class SeedCrisisResources1767400000001 implements MigrationInterface {
  name = 'SeedCrisisResources1767400000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [country, name, phone, url, position, description] of RESOURCES) {
      await q.query(
        `INSERT INTO crisis_resources (country, name, phone, url, position, description) VALUES ($1, $2, $3, $4, $5, $6)`,
        [country, name, phone, url, position, JSON.stringify(description)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM crisis_resources WHERE name = ANY($1::text[])`, [RESOURCES.map((r) => r[1])]);
  }
}
