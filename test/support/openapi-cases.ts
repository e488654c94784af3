import { createHash } from 'node:crypto';

/**
 * Hostile inputs for every operation an OpenAPI document lists: a plausible request built from the
 * operation's own JSON schema, then one thing at a time made malformed, wrong-typed, oversized,
 * deeply nested or Unicode-edged. Deterministic: the same document gives the same cases, so a
 * failure can be replayed.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
}

export interface Operation {
  method: string;
  /** e.g. /api/spaces/{id}/members/{userId} */
  path: string;
  pathParams: string[];
  queryParams: string[];
  body: JsonSchema | null;
}

export interface Case {
  label: string;
  /** The path with its parameters filled in (raw, already percent-encoded where needed). */
  url: string;
  /** A JSON value to send, or a raw body with its content type. */
  body?: { json: unknown } | { raw: string; contentType: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return ops;
}

/** A small seeded generator (mulberry32), so sampling is the same on every run. */
export function seeded(label: string): () => number {
  let a = createHash('sha256').update(label).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample<T>(items: T[], n: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Strings that have each broken something somewhere: NUL, half a surrogate pair, bidi overrides, size. */
export const EDGE_STRINGS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00'],
  ['RTL override', 'abc\u202Eexe.txt'],
  ['C1 control', 'a\u0085b'],
  ['only spaces', '   '],
  ['empty', ''],
  ['oversized (100k)', 'x'.repeat(100_000)],
  ['a date Postgres cannot read', '+275760-09-13T00:00:00.000Z'],
  ['year zero', '0000-01-01T00:00:00Z'],
];

/**
 * JSON text spliced in as is when a body is serialised: structures thousands of levels deep are
 * what the server must survive, but JSON.stringify in a test's VM would overflow its own stack.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, v) => (v instanceof RawJson ? `@@raw${raws.push(v.text) - 1}@@` : v));
  return json.replace(/"@@raw(\d+)@@"/g, (_, i: string) => raws[Number(i)]);
}

const nested = (depth: number) => new RawJson(`${'{"a":'.repeat(depth)}"deep"${'}'.repeat(depth)}`);

export const EDGE_VALUES: [string, unknown][] = [
  ['a number', 12345],
  ['a negative number', -1],
  ['a huge number', 1e308],
  ['a fraction', 0.5],
  ['true', true],
  ['null', null],
  ['an empty array', []],
  ['an array of strings', ['a', 'b']],
  ['an object', { $gt: '' }],
  ['nested 2,000 deep', nested(2_000)],
];

const textDoc = (text: string, marks?: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text, ...(marks ? { marks } : {}) }] }] });

/** Rich-text documents (stories, comments, event descriptions) with each kind of bad text inside. */
export const EDGE_DOCUMENTS: [string, unknown][] = [
  ['a document with NUL in a text node', textDoc('a\u0000b')],
  ['a document with a lone surrogate', textDoc('\ud800')],
  ['a document with an RTL override', textDoc('abc\u202Edef')],
  ['a link href with NUL', textDoc('link', [{ type: 'link', attrs: { href: 'https://example.org/\u0000' } }])],
  ['a link href with a lone surrogate', textDoc('link', [{ type: 'link', attrs: { href: 'https://example.org/\ud800' } }])],
  ['a link to javascript:', textDoc('link', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])],
  [
    'blockquotes 3,000 deep',
    new RawJson(
      `{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(3_000)}{"type":"paragraph","content":[{"type":"text","text":"deep"}]}${']}'.repeat(3_000)}]}`,
    ),
  ],
  ['an HTML string', '<script>alert(1)</script>'],
];

/** Path segments no route should choke on: not ids, the nil id, NUL, invalid UTF-8, traversal, size. */
export const BAD_PATH_SEGMENTS: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['the nil uuid', ZERO_UUID],
  ['NUL', 'a%00b'],
  ['invalid UTF-8 (a lone surrogate)', '%ED%A0%80'],
  ['a stray byte', '%FF'],
  ['traversal', '..%2F..%2Fhealth'],
  ['quote', "1'%20OR%20'1'%3D'1"],
  ['3,000 characters', 'x'.repeat(3_000)],
];

/** Query strings for lists and lookups: cursors and dates Postgres cannot read, wrong types, arrays. */
export const BAD_QUERIES: [string, string][] = [
  ['a cursor in year +275760', `cursor=${cursorOf(`+275760-09-13T00:00:00.000Z|${ZERO_UUID}`)}`],
  ['a cursor in year 0000', `cursor=${cursorOf(`0000-01-01T00:00:00.000Z|${ZERO_UUID}`)}`],
  ['a cursor with NUL', `cursor=${cursorOf(`2026-01-01T00:00:00.000Z|\u0000`)}`],
  ['a raw NUL cursor', 'cursor=%00'],
  ['a cursor of invalid UTF-8', 'cursor=%ED%A0%80'],
  ['a 5,000-character cursor', `cursor=${'A'.repeat(5_000)}`],
  ['two cursors', 'cursor=a&cursor=b'],
  ['an object for a limit', 'limit[a]=1'],
  ['a negative limit', 'limit=-1'],
  ['an unreadable limit', 'limit=1e309'],
  ['a window in year 0000', 'from=0000-01-01T00:00:00Z&to=0000-02-01T00:00:00Z'],
  ['a window in year +275760', 'from=%2B275760-09-13T00:00:00.000Z&to=%2B275760-09-14T00:00:00.000Z'],
  ['a garbage occurrence', 'occurrence=garbage'],
  ['an occurrence in year 0000', 'occurrence=0000-01-01T00:00:00Z'],
  ['a NUL before', 'before=%00'],
  ['a NUL spaceId', 'spaceId=%00'],
  ['an invalid UTF-8 country', 'country=%ED%A0%80'],
  ['a NUL invite and reveal', 'invite=abcdefghijk%00&reveal=%00'],
  ['a NUL token', 'token=%00'],
];

/** Whole bodies that are not what any write expects. */
const BAD_BODIES: [string, Case['body']][] = [
  ['an array body', { json: [] }],
  ['a string body', { json: 'hello' }],
  ['a number body', { json: 42 }],
  ['a null body', { raw: 'null', contentType: 'application/json' }],
  ['malformed JSON', { raw: '{"a":', contentType: 'application/json' }],
  ['a form body', { raw: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' }],
  ['a text/plain body', { raw: '{"username":"a","password":"b"}', contentType: 'text/plain' }],
  ['an object 10,000 deep', { raw: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, contentType: 'application/json' }],
  ['a body over the size limit', { raw: JSON.stringify({ a: 'x'.repeat(400_000) }), contentType: 'application/json' }],
  ['a prototype key', { raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' }],
];

/** The values a well-formed request would carry, so mutations reach past the first check. */
export interface Fixtures {
  /** By path parameter name and the path's first segment, e.g. { 'spaces:id': '…' }. */
  pathValue(path: string, param: string): string;
  /** A known id for a body field such as spaceId or targetId. */
  fieldValue(field: string): string | undefined;
}

const pick = (schema: JsonSchema): JsonSchema => {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  return branches.find((b) => b.type !== 'null') ?? branches[0];
};

/** A plausible value for a schema: the first enum value, a date next week, a known id, a short text. */
export function plausible(schema: JsonSchema, field: string, fixtures: Fixtures): unknown {
  const s = pick(schema);
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return fixtures.fieldValue(field) ?? ZERO_UUID;
      if (s.format === 'date-time') return new Date(Date.now() + (/end|until/i.test(field) ? 8 : 7) * 86_400_000).toISOString();
      if (s.format === 'uri') return 'https://example.org/robust';
      if (field === 'timezone') return 'Europe/Budapest';
      return `robust ${field}`.padEnd(s.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return s.minItems ? [plausible(s.items ?? {}, field, fixtures)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = plausible(s.properties?.[key] ?? {}, key, fixtures);
      return out;
    }
    default:
      // No type: rich text (zod's unknown), which is a tiptap document.
      return textDoc(`robust ${field}`);
  }
}

export function fillPath(op: Operation, fixtures: Fixtures, override?: { param: string; value: string }): string {
  return op.path.replace(/\{(\w+)\}/g, (_, param: string) =>
    override?.param === param ? override.value : encodeURIComponent(fixtures.pathValue(op.path, param)),
  );
}

/**
 * Every case for one operation: its plausible request, bad path segments, bad queries (for reads),
 * bad whole bodies, and each body field (top level and one level down) replaced by each edge value.
 * `perOperation` cases are sampled from them, always with the plausible one first.
 */
export function casesFor(op: Operation, fixtures: Fixtures, perOperation: number, random: () => number): Case[] {
  const url = fillPath(op, fixtures);
  const base = op.body ? (plausible(op.body, '(body)', fixtures) as Record<string, unknown>) : undefined;
  const plausibleCase: Case = { label: 'plausible', url, body: base !== undefined ? { json: base } : undefined };
  const withBody = (label: string, json: unknown): Case => ({ label, url, body: { json } });

  const others: Case[] = [];
  for (const param of op.pathParams) {
    for (const [label, segment] of BAD_PATH_SEGMENTS) {
      others.push({ label: `${param}: ${label}`, url: fillPath(op, fixtures, { param, value: segment }), body: plausibleCase.body });
    }
  }
  if (op.method === 'GET') {
    for (const [label, query] of BAD_QUERIES) others.push({ label: `query: ${label}`, url: `${url}?${query}` });
  }
  if (op.body) {
    for (const [label, body] of BAD_BODIES) others.push({ label, url, body });
    const fields = Object.entries(pick(op.body).properties ?? {});
    for (const [field, schema] of fields) {
      const isDocument = pick(schema).type === undefined && !pick(schema).enum;
      const edges: [string, unknown][] = [...EDGE_STRINGS, ...EDGE_VALUES, ...(isDocument ? EDGE_DOCUMENTS : [])];
      for (const [label, value] of edges) others.push(withBody(`${field}: ${label}`, { ...base, [field]: value }));
      // One level down: location.url, consent.handbook, and the like.
      for (const inner of Object.keys(pick(schema).properties ?? {})) {
        const parent = (plausible(schema, field, fixtures) as Record<string, unknown>) ?? {};
        for (const [label, value] of EDGE_STRINGS.slice(0, 4)) {
          others.push(withBody(`${field}.${inner}: ${label}`, { ...base, [field]: { ...parent, [inner]: value } }));
        }
      }
    }
    others.push(withBody('an unknown field with NUL', { ...base, 'x\u0000': 'a\u0000' }));
  }
  return [plausibleCase, ...sample(others, perOperation - 1, random)];
}
