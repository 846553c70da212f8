// Reading Web API requests the way Slack does: JSON bodies, form bodies (what @slack/web-api sends,
// with objects JSON-encoded into fields) and multipart bodies (uploads).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Args } from './web-api-reply.js';

/** Form fields that carry JSON (@slack/web-api JSON-encodes every non-scalar argument). */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'files',
  'unfurls',
  'user_auth_blocks',
]);

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // left as a string: handlers report it like Slack (e.g. invalid_blocks_format)
  }
}

/** Parses a multipart body with the platform's own parser (undici's). */
export async function readMultipart(raw: Buffer, contentType: string): Promise<Args> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const args: Args = {};
  for (const [key, value] of form.entries()) {
    args[key] =
      typeof value === 'string'
        ? decodeField(key, value)
        : { filename: value.name, size: value.size, data: Buffer.from(await value.arrayBuffer()) };
  }
  return args;
}

/** A request body: its arguments, or the error code Slack gives when it cannot be read. */
export type Parsed = { args: Args } | { error: string };

/** Parses a response_url body: a JSON object. */
export function parseJsonObject(raw: Buffer, error: string): Parsed {
  try {
    const body = JSON.parse(raw.toString('utf8')) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? { args: body as Args }
      : { error };
  } catch {
    return { error };
  }
}

/** The arguments of a Web API call (query string and body). */
export async function parseArgs(req: IncomingMessage, raw: Buffer, query: URLSearchParams): Promise<Parsed> {
  const args: Args = {};
  for (const [key, value] of query) args[key] = decodeField(key, value);
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { args };
  if (contentType.startsWith('application/json')) {
    const body = parseJsonObject(raw, 'invalid_json');
    return 'args' in body ? { args: { ...args, ...body.args } } : body;
  }
  if (contentType.startsWith('multipart/form-data'))
    return { args: { ...args, ...(await readMultipart(raw, contentType)) } };
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = decodeField(key, value);
  return { args };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
