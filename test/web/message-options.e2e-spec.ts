import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { call, closeAllSockets, connect, createSpace } from '../support/sockets.js';

/**
 * A message's options on a page of their own (`/message-options`), which the chat links to before
 * JavaScript runs, or without it: report and block for someone else's message that the reader may
 * read now, and a 404 for anything else, with none of the message's words in it.
 */
let api: TestApi;
let web: TestWeb;
let host: RegisteredUser;
let member: RegisteredUser;
let outsider: RegisteredUser;
let open: { id: string; slug: string };
let closed: { id: string; slug: string };
const WORD = `paprika${randomUUID().slice(0, 6)}`;
const ids: Record<string, string> = {};

const post = async (who: RegisteredUser, spaceId: string, body: string) =>
  (await who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: randomUUID(), body }).expect(201)).body.message.id as string;

beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
  [host, member, outsider] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
  open = await createSpace(host, {}, [member]);
  closed = await createSpace(host, { visibility: 'private' });
  ids.hosts = await post(host, open.id, `The host says ${WORD}`);
  ids.members = await post(member, open.id, `The member says ${WORD}`);
  ids.deleted = await post(host, open.id, `Soon gone ${WORD}`);
  const socket = await connect(api.url, { cookie: host.cookie });
  expect((await call(socket, 'message:delete', { messageId: ids.deleted })).ok).toBe(true);
  closeAllSockets();
  ids.closed = await post(host, closed.id, `Behind the door ${WORD}`);
  ids.hidden = await post(host, open.id, `Hidden by moderators ${WORD}`);
  await api.sql(`UPDATE messages SET moderation_state = 'hidden' WHERE id = $1`, [ids.hidden]);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const optionsOf = (query: Record<string, string>, who?: RegisteredUser) =>
  fetch(`${web.url}/message-options?${new URLSearchParams(query)}`, { headers: { 'Accept-Language': 'en', ...(who ? { Cookie: who.cookie } : {}) }, redirect: 'manual' });

describe('a message\'s options page', () => {
  it('shows someone else\'s message with its report link and a block form that posts to the space\'s page', async () => {
    const res = await optionsOf({ space: open.id, message: ids.hosts }, member);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`The host says ${WORD}`);
    expect(html).toContain(`/report?targetType=message&amp;targetId=${ids.hosts}&amp;back=%2Fspaces%2F${open.slug}`);
    expect(html).toMatch(new RegExp(`<form method="post" action="/spaces/${open.slug}"[^>]*>`));
    expect(html).toContain(`name="userId" value="${host.user.id}"`);
    expect(html).toContain('name="intent" value="block"');
    expect(html).toContain(`href="/spaces/${open.slug}#message-${ids.hosts}"`);
  });

  it('the page the block form posts to comes from the space, never from the address', async () => {
    // A "back" in a crafted link would aim the button at another form of the site (private browsing off, log out).
    for (const back of ['/private-browsing', '/logout', '/.//evil.example', 'https://evil.example/']) {
      const html = await (await optionsOf({ space: open.id, message: ids.hosts, back }, member)).text();
      // The page's own part: the header around it has a log-out form of its own.
      const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      expect(main).toMatch(new RegExp(`<form method="post" action="/spaces/${open.slug}"[^>]*>`));
      expect(main).not.toMatch(/(href|action)="[^"]*(private-browsing|logout|evil\.example)/);
    }
  });

  it('in a conversation, the block form posts to the conversation\'s page', async () => {
    const conversation = (await member.agent.post('/api/conversations').send({ userId: host.user.id }).expect(200)).body as { id: string; spaceId: string };
    const said = await post(member, conversation.spaceId, `Can we talk? ${WORD}`);
    const html = await (await optionsOf({ space: conversation.spaceId, message: said }, host)).text();
    expect(html).toContain(`Can we talk? ${WORD}`);
    expect(html).toMatch(new RegExp(`<form method="post" action="/messages/${conversation.id}"[^>]*>`));
    expect(html).toContain(`name="userId" value="${member.user.id}"`);
  });

  it.each([
    ['one\'s own message', () => ({ who: member, space: open.id, message: ids.members })],
    ['a deleted message', () => ({ who: member, space: open.id, message: ids.deleted })],
    ['a message of a private space, to someone outside it', () => ({ who: outsider, space: closed.id, message: ids.closed })],
    ['a message in another space than the one named', () => ({ who: member, space: open.id, message: ids.closed })],
    ['a message that does not exist', () => ({ who: member, space: open.id, message: randomUUID() })],
    ['a message moderators hid', () => ({ who: member, space: open.id, message: ids.hidden })],
    ['ids that are not ids', () => ({ who: member, space: 'nope', message: "1' OR '1'='1" })],
  ])('%s is a 404 that carries none of its words', async (_label, which: () => { who: RegisteredUser; space: string; message: string }) => {
    const { who, space, message } = which();
    const res = await optionsOf({ space, message }, who);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(WORD);
  });

  it('the message of someone the reader blocked is a 404', async () => {
    const blocker = await registerUser(api.url);
    await blocker.agent.post(`/api/spaces/${open.id}/join`).send({ acceptGuidelines: true }).expect(200);
    expect((await optionsOf({ space: open.id, message: ids.hosts }, blocker)).status).toBe(200);
    await blocker.agent.post(`/api/users/${host.user.id}/block`).expect(204);
    const res = await optionsOf({ space: open.id, message: ids.hosts }, blocker);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(WORD);
  });

  it('signed out, it leads to signing in', async () => {
    const res = await optionsOf({ space: open.id, message: ids.hosts });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?/);
  });
});
