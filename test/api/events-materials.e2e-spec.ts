import fs from 'node:fs';
import path from 'node:path';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Agenda and materials of an event: the organisation's staff upload them, everyone who may see
 * the event downloads them with headers that keep a file from running on our origin, and a file
 * is checked by its bytes, whatever it is called.
 */
let api: TestApi;
let staff: RegisteredUser;
let visitor: RegisteredUser;
let host: RegisteredUser;
let outsider: RegisteredUser;
let org: { id: string };

const week = new Date(Date.now() + 7 * 86_400_000);
const eventBody = (extra: Record<string, unknown>) => ({
  title: 'Multiplier day',
  kind: 'multiplier',
  startsAt: week.toISOString(),
  endsAt: new Date(week.getTime() + 4 * 3_600_000).toISOString(),
  timezone: 'Europe/Belgrade',
  ...extra,
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.alloc(17),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

const filesOf = (eventId: string) => {
  const dir = path.join(api.env.DATA_DIR, 'event-materials', eventId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
const orgEvent = async () => (await staff.agent.post('/api/events').send(eventBody({ organizationId: org.id })).expect(201)).body;

beforeAll(async () => {
  api = await startApi();
  [staff, visitor, host, outsider] = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
  org = await createOrganization(staff, 'Peer Support Novi Sad');
});
afterAll(() => api?.stop());

describe('event format', () => {
  it('defaults to in person (the contract body without it still works), and online or hybrid show in the .ics', async () => {
    const plain = await orgEvent();
    expect(plain.format).toBe('in_person');
    const online = (await staff.agent.post('/api/events').send(eventBody({ organizationId: org.id, format: 'online' })).expect(201)).body;
    expect(online.format).toBe('online');
    const ics = await visitor.agent.get(`/api/events/${online.id}.ics`).expect(200);
    expect(ics.text).toMatch(/LOCATION:Online/);
    expect(ics.text).toMatch(/DESCRIPTION:Online event\./);
    const hybrid = (await staff.agent.patch(`/api/events/${plain.id}`).send({ format: 'hybrid', location: { name: 'City hall' } }).expect(200)).body;
    expect(hybrid.format).toBe('hybrid');
    expect((await visitor.agent.get(`/api/events/${plain.id}.ics`).expect(200)).text).toMatch(/LOCATION:City hall \+ online/);
    expectFieldError(await staff.agent.post('/api/events').send(eventBody({ organizationId: org.id, format: 'telepathy' })), 'format');
  });
});

describe('materials', () => {
  it('staff upload allowed types; the agenda comes first; everyone who sees the event lists and downloads them', async () => {
    const event = await orgEvent();
    const pdf = (await staff.agent.post(`/api/events/${event.id}/materials`).field('title', 'Programme').field('agenda', 'true').attach('file', PDF, 'programme.pdf').expect(201)).body;
    expect(pdf).toMatchObject({ title: 'Programme', fileName: 'programme.pdf', contentType: 'application/pdf', agenda: true, sizeBytes: PDF.length });
    // A PNG whatever it is called, saved under its real type's name.
    const png = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PNG, 'photo "1"; x.exe').expect(201)).body;
    expect(png).toMatchObject({ contentType: 'image/png', fileName: 'photo _1_ x.png', agenda: false });
    const text = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', Buffer.from('Bring a cup.\n'), 'notes.txt').expect(201)).body;
    expect(text.contentType).toBe('text/plain');

    const list = (await visitor.agent.get(`/api/events/${event.id}/materials`).expect(200)).body;
    expect(list.canManage).toBe(false);
    expect(list.items.map((m: { id: string }) => m.id)).toEqual([pdf.id, png.id, text.id]);
    expect(filesOf(event.id).sort()).toEqual([pdf.id, png.id, text.id].sort());

    // Marking another as the agenda moves the mark.
    expect((await staff.agent.patch(`/api/events/${event.id}/materials/${text.id}`).send({ agenda: true }).expect(200)).body.agenda).toBe(true);
    expect((await visitor.agent.get(`/api/events/${event.id}/materials`).expect(200)).body.items.filter((m: { agenda: boolean }) => m.agenda).map((m: { id: string }) => m.id)).toEqual([text.id]);
  });

  it('a download carries the checked type and headers that keep it from running as a page', async () => {
    const event = await orgEvent();
    const pdf = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'Programm für den Tag.pdf').expect(201)).body;
    const res = await visitor.agent.get(pdf.url).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/sandbox/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Programm f.r den Tag.pdf"/);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Programm%20f%C3%BCr%20den%20Tag.pdf");
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    // Signed out, a public event's file is there too.
    expect((await fetch(`${api.url}${pdf.url}`)).status).toBe(200);
  });

  it('refuses what its bytes do not show as allowed: a program, a web page called .pdf or .txt; nothing is stored', async () => {
    const event = await orgEvent();
    for (const [bytes, name] of [[EXE, 'agenda.exe'], [EXE, 'agenda.pdf'], [HTML, 'agenda.pdf'], [HTML, 'agenda.txt'], [Buffer.from('plain words'), 'agenda.docx']] as const) {
      const res = await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', bytes, name);
      const body = expectProblem(res, 415, 'MATERIAL_TYPE_REFUSED');
      expect(body.errors?.map((e) => e.path)).toEqual(['file']);
    }
    expectFieldError(await staff.agent.post(`/api/events/${event.id}/materials`).field('title', 'nothing attached'), 'file');
    expect((await staff.agent.get(`/api/events/${event.id}/materials`).expect(200)).body.items).toEqual([]);
    expect(filesOf(event.id)).toEqual([]);
  });

  it('refuses a file over 10 MB, and a 21st file, with nothing stored', async () => {
    const event = await orgEvent();
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', big, 'big.pdf');
    expect(expectProblem(res, 413, 'MATERIAL_TOO_LARGE').errors?.map((e) => e.path)).toEqual(['file']);
    expect(filesOf(event.id)).toEqual([]);
    await api.sql(
      `INSERT INTO event_materials (event_id, title, file_name, content_type, size_bytes) SELECT $1, 'x', 'x.txt', 'text/plain', 1 FROM generate_series(1, 20)`,
      [event.id],
    );
    expectProblem(await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'one-more.pdf'), 422, 'MATERIAL_LIMIT_REACHED');
    expect(filesOf(event.id)).toEqual([]);
  });

  it('people who do not manage the event cannot add or remove files: the routes answer 404', async () => {
    const event = await orgEvent();
    const pdf = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'a.pdf').expect(201)).body;
    expectProblem(await visitor.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'mine.pdf'), 404, 'EVENT_NOT_FOUND');
    expectProblem(await visitor.agent.delete(`/api/events/${event.id}/materials/${pdf.id}`), 404, 'EVENT_NOT_FOUND');
    expectProblem(await visitor.agent.patch(`/api/events/${event.id}/materials/${pdf.id}`).send({ agenda: true }), 404, 'EVENT_NOT_FOUND');
    expect(filesOf(event.id)).toEqual([pdf.id]);
    // Signed out, an upload is refused before it is read.
    expect((await fetch(`${api.url}/api/events/${event.id}/materials`, { method: 'POST', body: new FormData() })).status).toBe(401);
  });

  it('a space event\'s files are for its members: to others the file is not there', async () => {
    const space = (await host.agent.post('/api/spaces').send({ name: `Circle ${crypto.randomUUID().slice(0, 6)}`, description: 'Peers', visibility: 'private' }).expect(201)).body;
    const event = (await host.agent.post('/api/events').send(eventBody({ spaceId: space.id })).expect(201)).body;
    const pdf = (await host.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'circle.pdf').expect(201)).body;
    expect((await host.agent.get(pdf.url).expect(200)).headers['content-type']).toBe('application/pdf');
    expectProblem(await outsider.agent.get(pdf.url), 404, 'EVENT_NOT_FOUND');
    expectProblem(await outsider.agent.get(`/api/events/${event.id}/materials`), 404, 'EVENT_NOT_FOUND');
    expect((await fetch(`${api.url}${pdf.url}`)).status).toBe(404);
  });

  it('removing a file, or the whole event, removes it from disk', async () => {
    const event = await orgEvent();
    const a = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PDF, 'a.pdf').expect(201)).body;
    const b = (await staff.agent.post(`/api/events/${event.id}/materials`).attach('file', PNG, 'b.png').expect(201)).body;
    await staff.agent.delete(`/api/events/${event.id}/materials/${a.id}`).expect(204);
    expect(filesOf(event.id)).toEqual([b.id]);
    expectProblem(await visitor.agent.get(a.url), 404, 'MATERIAL_NOT_FOUND');
    expectProblem(await visitor.agent.delete(`/api/events/${event.id}`), 403, 'FORBIDDEN');
    await staff.agent.delete(`/api/events/${event.id}`).expect(204);
    expect(fs.existsSync(path.join(api.env.DATA_DIR, 'event-materials', event.id))).toBe(false);
    expect(await api.sql(`SELECT id FROM event_materials WHERE event_id = $1`, [event.id])).toEqual([]);
    expectProblem(await visitor.agent.get(b.url), 404, 'EVENT_NOT_FOUND');
  });
});
