/**
 * Request bodies the Bot API accepts: JSON, application/x-www-form-urlencoded and
 * multipart/form-data (parsed by Node's own fetch `Response.formData()`, i.e. undici).
 */
import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.js';
import type { UploadedFile } from './types.js';

/** Parameters of a call, whether the call came as JSON or as a form. */
export interface ParsedBody {
  params: Record<string, unknown>;
  files: UploadedFile[];
  /** True for form bodies: their values are strings until validated with coercion. */
  form: boolean;
}

/** Parameters the Bot API takes as JSON-serialised strings inside a form. */
const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'reply_parameters',
  'link_preview_options',
  'commands',
  'scope',
  'allowed_updates',
  'media',
]);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(contentType: string | undefined, body: Buffer): Promise<ParsedBody> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (body.length === 0) return { params: {}, files: [], form: false };
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    return parseForm(contentType!, body);
  }
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest("can't parse JSON object");
  }
  if (!params || typeof params !== 'object' || Array.isArray(params))
    throw badRequest('parameters must be a JSON object');
  return { params: params as Record<string, unknown>, files: [], form: false };
}

/** Parameters from a query string (the Bot API accepts GET too). */
export function parseQuery(search: URLSearchParams): ParsedBody {
  const params: Record<string, unknown> = {};
  for (const [key, value] of search) params[key] = formValue(key, value);
  return { params, files: [], form: true };
}

function formValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key) && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`can't parse ${key} JSON object`);
    }
  }
  return value;
}

async function parseForm(contentType: string, body: Buffer): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest("can't parse form data");
  }
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') {
      params[key] = formValue(key, value);
    } else {
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field: key, filename: value.name, mimeType: value.type, size: data.length, data });
      params[key] = `attach://${key}`;
    }
  }
  return { params, files, form: true };
}
