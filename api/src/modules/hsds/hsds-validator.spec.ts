import fs from 'node:fs';
import path from 'node:path';
import { HSDS_SCHEMA_DIR, HsdsValidator } from './hsds-validator.js';

const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(HSDS_SCHEMA_DIR, 'examples', name), 'utf8')) as Record<string, unknown>;

describe('HsdsValidator (the official HSDS 3.1 schemas)', () => {
  const validator = new HsdsValidator();

  it('accepts the official examples', () => {
    expect(validator.errors('service', example('service_full.json'))).toEqual([]);
    expect(validator.errors('organization', example('organization_full.json'))).toEqual([]);
    expect(validator.errors('service_at_location', example('service_at_location_full.json'))).toEqual([]);
    expect(validator.errors('taxonomy', example('taxonomy.json'))).toEqual([]);
    expect(validator.errors('taxonomy_term', example('taxonomy_term.json'))).toEqual([]);
  });

  it('names the field of a record that fails, down into nested objects', () => {
    const service = example('service_full.json');
    const broken = { ...service, status: undefined, phones: [{ id: 'not-a-uuid' }] };
    const paths = validator.errors('service', broken).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'phones.0.id', 'phones.0.number']));
  });

  it('allows x_ extension fields', () => {
    const service = { ...example('service_full.json'), x_translations: { hu: { name: 'Tanácsadás' } } };
    expect(validator.errors('service', service)).toEqual([]);
  });
});
