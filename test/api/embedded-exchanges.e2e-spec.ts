import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../api/src/core/database/embedded.js';
import { query } from '../support/postgres.js';

/**
 * The embedded database has one backend for every connection (the API's pool, the CLI, a test's
 * own). An extended-protocol query is several messages sharing one unnamed statement, so another
 * connection's query must not run between them. One connection here speaks the wire protocol by
 * hand to stop mid-exchange, as a busy client's split writes do; the other is the ordinary `pg`.
 */
let dataDir: string;
let database: EmbeddedPostgres;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-exchanges-'));
  database = await startEmbeddedPostgres(dataDir);
}, 60_000);
afterAll(async () => {
  await database?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Message {
  type: string;
  body: Buffer;
}

/** A frontend message: its type, its length, its fields. */
function message(type: string, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat(fields);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}
const text = (value: string) => Buffer.from(`${value}\0`);
const int16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};

const parse = (sql: string) => message('P', text(''), text(sql), int16(0));
const bind = (...params: string[]) =>
  message('B', text(''), text(''), int16(0), int16(params.length), ...params.flatMap((p) => [int32(Buffer.byteLength(p)), Buffer.from(p)]), int16(0));
const execute = () => message('E', text(''), int32(0));
const flush = () => message('H');
const sync = () => message('S');

/** A hand-driven connection: writes raw messages, waits for a reply of a given type. */
async function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let pending = Buffer.alloc(0);
  const received: Message[] = [];
  let waiter: (() => void) | null = null;
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
      const end = 1 + pending.readInt32BE(1);
      received.push({ type: String.fromCharCode(pending[0]), body: pending.subarray(5, end) });
      pending = pending.subarray(end);
    }
    waiter?.();
  });
  const until = async (type: string): Promise<Message[]> => {
    while (!received.some((m) => m.type === type)) await new Promise<void>((resolve) => (waiter = resolve));
    return received.splice(0, received.findIndex((m) => m.type === type) + 1);
  };
  const startup = Buffer.concat([int32(0), int32(196608), text('user'), text('postgres'), text('database'), text('postgres'), Buffer.from([0])]);
  startup.writeInt32BE(startup.length, 0);
  socket.write(startup);
  await until('Z');
  return { write: (...messages: Buffer[]) => socket.write(Buffer.concat(messages)), until, close: () => socket.destroy() };
}

const dataRowValue = (row: Message) => row.body.subarray(6, 6 + row.body.readInt32BE(2)).toString();

it("runs another connection's query after a Parse, not between it and its Bind", async () => {
  const raw = await rawConnection(database.url);
  try {
    raw.write(parse('SELECT $1::bigint AS n'), flush());
    expect((await raw.until('1')).map((m) => m.type)).toEqual(['1']);

    // Its own Parse of the unnamed statement would replace the one above, were it let in now.
    const order: string[] = [];
    const other = query<{ u: string }>(database.url, 'SELECT $1::uuid AS u', ['8d6ee4a3-1f36-4c55-9d1c-7b1c0c4f6a10']).then((rows) => {
      order.push('other');
      return rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    raw.write(bind('42'), execute(), sync());
    const answer = await raw.until('Z');
    order.push('raw');
    expect(answer.filter((m) => m.type === 'E').map((m) => m.body.toString())).toEqual([]);
    expect(answer.filter((m) => m.type === 'D').map(dataRowValue)).toEqual(['42']);
    expect(await other).toEqual([{ u: '8d6ee4a3-1f36-4c55-9d1c-7b1c0c4f6a10' }]);
    expect(order).toEqual(['raw', 'other']);
  } finally {
    raw.close();
  }
});

it('ends the exchange of a connection that leaves after an error, so the next query is answered', async () => {
  const raw = await rawConnection(database.url);
  raw.write(parse('SELECT FROM WHERE'), flush());
  expect((await raw.until('E')).map((m) => m.type)).toEqual(['E']);
  // Gone without a Sync: Postgres skips messages after an error until one comes.
  raw.close();

  expect(await query(database.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  expect(await query(database.url, 'SELECT $1::int + 1 AS two', [1])).toEqual([{ two: 2 }]);
});

it("keeps a transaction's statements on their connection and rolls back one left open", async () => {
  await query(database.url, 'CREATE TABLE IF NOT EXISTS exchange_marks (mark text)');
  const raw = await rawConnection(database.url);
  raw.write(message('Q', text("BEGIN; INSERT INTO exchange_marks VALUES ('left open')")));
  await raw.until('Z');
  raw.write(parse('SELECT count(*)::int AS n FROM exchange_marks'), bind(), execute(), flush());
  await raw.until('D');
  raw.close();

  expect(await query(database.url, 'SELECT count(*)::int AS n FROM exchange_marks')).toEqual([{ n: 0 }]);
});
