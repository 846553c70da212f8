import type { z } from 'zod';
import type { FieldIssue } from '../../core/errors.js';
import type { LeadInput } from '../../core/leads/lead-input.js';
import type { ApiError, LeadRequest } from './lead-schemas.js';

/** A request body as the core's lead input: the same input `/lead` builds from what was typed. */
export function leadInputOf(body: LeadRequest): LeadInput {
  const q = body.qualification ?? {};
  return {
    company: body.company,
    contactName: body.contact,
    ...(body.title !== undefined ? { contactTitle: body.title } : {}),
    ...(body.email !== undefined ? { email: body.email } : {}),
    ...(body.phone !== undefined ? { phone: body.phone } : {}),
    ...(body.domain !== undefined ? { domain: body.domain } : {}),
    ...(body.source !== undefined ? { source: body.source } : {}),
    ...(body.value !== undefined ? { value: body.value } : {}),
    ...(body.currency !== undefined ? { currency: body.currency } : {}),
    ...(body.notes !== undefined ? { notes: body.notes } : {}),
    ...(q.budget !== undefined ? { budget: q.budget } : {}),
    ...(q.authority !== undefined ? { authority: q.authority } : {}),
    ...(q.need !== undefined ? { need: q.need } : {}),
    ...(q.timing !== undefined ? { timing: q.timing } : {}),
  };
}

/** The core's field paths as the request's field names. */
const FIELD: Record<string, string> = {
  'contact.name': 'contact',
  'contact.title': 'title',
  'contact.email': 'email',
  'contact.phone': 'phone',
};

export type FieldError = NonNullable<ApiError['fields']>[number];

/** The core's validation issues (the ones `/lead` explains in chat) as the API's field errors. */
export function fieldErrorsOfCore(issues: readonly FieldIssue[]): FieldError[] {
  return issues.map((i) => ({ field: FIELD[i.field] ?? i.field, code: i.code, message: i.message }));
}

/** What `raw` holds at `path` (undefined when any step is missing). */
function at(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Zod's issues with the request body `raw` as field errors: a missing field is `required`. */
export function fieldErrorsOfSchema(issues: readonly z.core.$ZodIssue[], raw: unknown): FieldError[] {
  const out: FieldError[] = [];
  for (const i of issues) {
    const field = i.path.map(String).join('.') || 'body';
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys)
        out.push({
          field: field === 'body' ? k : `${field}.${k}`,
          code: 'unknown_field',
          message: 'is not a field of a lead',
        });
    } else if (i.code === 'invalid_type' && at(raw, i.path) === undefined) {
      out.push({ field, code: 'required', message: 'is required' });
    } else if (i.code === 'too_big') {
      out.push({ field, code: 'too_long', message: `is too long (at most ${String(i.maximum)})` });
    } else {
      out.push({
        field,
        code: i.code === 'invalid_type' ? `not_${i.expected}` : 'invalid',
        message: i.message,
      });
    }
  }
  return out;
}

/** The same body however its keys were ordered: what an Idempotency-Key's replay is compared on. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
