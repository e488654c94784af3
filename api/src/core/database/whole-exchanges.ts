import type { PGlite } from '@electric-sql/pglite';

/*
 * PGlite has one backend, and pglite-socket feeds it the messages of every connection through one
 * queue, one message at a time. It keeps a connection's messages together only inside a
 * transaction. An extended-protocol query is several messages (Parse, Bind, Describe, Execute,
 * then Sync), and they share the backend's one unnamed statement: when another connection's Parse
 * lands between them, the first connection's Bind runs against the other's statement
 * ("invalid input syntax for type bigint" on a uuid, or someone else's rows). It happened under
 * load with the CLI or a test's own connection beside the API.
 *
 * The queue asks `isInTransaction()` to decide whether to keep serving the connection it served
 * last, so the database handed to it also answers yes from a Parse/Bind/Describe/Execute/Close/
 * Flush until the next Sync. When that connection goes away mid-exchange, the queue "rolls back"
 * through `exec('ROLLBACK')`: here that first ends the exchange with a Sync of our own (Postgres
 * skips messages after an error until a Sync, which would otherwise swallow the next
 * connection's query), then rolls back only if a transaction is really open.
 */
const OPENS_EXCHANGE = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((type) => type.charCodeAt(0)));
const ENDS_EXCHANGE = new Set(['S', 'Q', 'X'].map((type) => type.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

type StreamOptions = Parameters<PGlite['execProtocolRawStream']>[1];

/** The database as pglite-socket's queue should see it: one connection's exchange at a time. */
export function keepExchangesWhole(db: PGlite): PGlite {
  let exchangeOpen = false;

  const execProtocolRawStream = async (message: Uint8Array, options: StreamOptions) => {
    // The queue asks before it picks each next message, so marking before or after running is alike.
    if (OPENS_EXCHANGE.has(message[0])) exchangeOpen = true;
    else if (ENDS_EXCHANGE.has(message[0])) exchangeOpen = false;
    return db.execProtocolRawStream(message, options);
  };

  const exec: PGlite['exec'] = async (sql, options) => {
    if (sql !== 'ROLLBACK' || !exchangeOpen) return db.exec(sql, options);
    exchangeOpen = false;
    await db.runExclusive(() => db.execProtocolRaw(SYNC));
    return db.isInTransaction() ? db.exec(sql, options) : [];
  };

  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => exchangeOpen || target.isInTransaction();
      if (property === 'execProtocolRawStream') return execProtocolRawStream;
      if (property === 'exec') return exec;
      const value = Reflect.get(target, property, target);
      // PGlite keeps its state in #private fields: its methods must run on the real object.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
