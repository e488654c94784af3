import { baselineOf, mergeWithDocument } from './hsds-roundtrip.js';
import { withoutPlaces } from './hsds.service.js';

describe('export of an imported record', () => {
  const document = { id: 'a', name: 'Imported name', program: { id: 'p', name: 'Kept whole' }, phones: [{ id: 'x', number: '"+44 1"' }], x_other: 1 };
  const atImport = { id: 'a', name: 'Imported name', phones: [{ id: 'y', number: '+44 1' }], x_timezone: 'Europe/Budapest' };
  const baseline = baselineOf(atImport, document);

  it('gives back the imported value of every field Sorstárs has not changed since', () => {
    expect(mergeWithDocument(atImport, atImport, document, baseline, ['id'])).toEqual({ ...document, x_timezone: 'Europe/Budapest' });
  });

  it('says what Sorstárs holds for a field changed here, and keeps the rest as imported', () => {
    const now = { ...atImport, name: 'Renamed here' };
    expect(mergeWithDocument(now, now, document, baseline, ['id'])).toEqual({ ...document, name: 'Renamed here', x_timezone: 'Europe/Budapest' });
  });

  it('a field removed here is gone from the export', () => {
    const now = { id: 'a', name: 'Imported name', x_timezone: 'Europe/Budapest' };
    expect(mergeWithDocument(now, now, document, baseline, ['id'])).not.toHaveProperty('phones');
  });

  it('fields listed as ours always come from Sorstárs', () => {
    expect(mergeWithDocument(atImport, atImport, document, baseline, ['id', 'phones']).phones).toEqual(atImport.phones);
  });
});

describe('withoutPlaces', () => {
  it('cuts out a confidential address and point wherever they sit, and nothing else', () => {
    const doc = {
      id: 's',
      organization: {
        locations: [
          { id: 'l1', latitude: 47.1, longitude: 19.1, addresses: [{ address_1: 'Titkos köz 9.' }, { address_1: 'Fő utca 1.' }] },
          { id: 'l2', latitude: 46, longitude: 18 },
        ],
      },
      contacts: [{ address_1: ' titkos KÖZ 9. ' }],
    };
    expect(withoutPlaces(doc, [{ address: 'Titkos köz 9.', lat: 47.1, lng: 19.1 }])).toEqual({
      id: 's',
      organization: { locations: [{ id: 'l1', addresses: [{ address_1: 'Fő utca 1.' }] }, { id: 'l2', latitude: 46, longitude: 18 }] },
      contacts: [],
    });
  });
});
