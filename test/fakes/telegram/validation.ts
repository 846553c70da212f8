/**
 * Checks what a bot sends against the generated JSON Schemas (see `gen-schemas.ts`) and the
 * documented limits (`limits.ts`). Union types ("one of these button kinds") are explained by
 * the branch that came closest, so a listing names the real mistake instead of nine near-misses.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { checkLimits, type Problem } from './limits.js';
import { SCHEMA_METHODS, type SchemaMethod } from './schema-methods.js';

type Schema = Record<string, unknown> & { definitions?: Record<string, unknown> };

const schemaCache = new Map<SchemaMethod, Schema>();

function schemaFor(method: string): Schema | undefined {
  if (!(SCHEMA_METHODS as readonly string[]).includes(method)) return undefined;
  const m = method as SchemaMethod;
  let schema = schemaCache.get(m);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`./schemas/${m}.json`, import.meta.url), 'utf8')) as Schema;
    schemaCache.set(m, schema);
  }
  return schema;
}

/** Telegraf's `Markup` adds `hide` to buttons; the Bot API has no such field. */
export function stripNonApiFields(params: Record<string, unknown>): Record<string, unknown> {
  const markup = params.reply_markup;
  if (!markup || typeof markup !== 'object') return params;
  const copy: Record<string, unknown> = { ...(markup as Record<string, unknown>) };
  for (const key of ['inline_keyboard', 'keyboard']) {
    const rows = copy[key];
    if (!Array.isArray(rows)) continue;
    copy[key] = rows.map((row: unknown) =>
      Array.isArray(row)
        ? row.map((button: unknown) => {
            if (!button || typeof button !== 'object' || !('hide' in button)) return button;
            const { hide: _hide, ...rest } = button as Record<string, unknown>;
            return rest;
          })
        : row,
    );
  }
  return { ...params, reply_markup: copy };
}

function deref(node: unknown, definitions: Record<string, unknown>): Schema | undefined {
  let at = node as Schema | undefined;
  for (let hops = 0; typeof at?.$ref === 'string' && hops < 20; hops++) {
    const name = at.$ref
      .replace(/^#\/definitions\//, '')
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    at = definitions[name] as Schema | undefined;
  }
  return at;
}

/** The subschema that applies at `instancePath`, walking properties and items (not unions). */
function schemaAt(
  root: Schema,
  definitions: Record<string, unknown>,
  instancePath: string,
): Schema | undefined {
  let node = deref(root, definitions);
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const props = node?.properties as Record<string, unknown> | undefined;
    const items = node?.items;
    const next =
      props?.[key] ?? (Array.isArray(items) ? items[Number(key)] : items) ?? node?.additionalProperties;
    node = typeof next === 'object' ? deref(next, definitions) : undefined;
  }
  return node;
}

function valueAt(data: unknown, instancePath: string): unknown {
  let at = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

interface Scored extends Problem {
  /** A wrong discriminator (`const`) weighs more: that branch was not what the caller meant. */
  weight: number;
}

function describe(e: ErrorObject): { suffix: string; message: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { suffix: `/${String(p.additionalProperty)}`, message: 'unknown field (not in the Bot API)' };
    case 'required':
      return { suffix: `/${String(p.missingProperty)}`, message: 'missing required field' };
    case 'type':
      return { suffix: '', message: `must be ${String(p.type)}` };
    case 'const':
      return { suffix: '', message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return {
        suffix: '',
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { suffix: '', message: e.message ?? e.keyword };
  }
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);
const weightOf = (problems: Scored[]): number => problems.reduce((sum, p) => sum + p.weight, 0);

/** A JSON Schema checker that reports problems with readable paths. */
export class SchemaChecker {
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(private readonly ajv: Ajv) {}

  check(method: string, params: Record<string, unknown>): Problem[] {
    const schema = schemaFor(method);
    if (!schema) return [];
    return dedupe(this.explain(schema, schema.definitions ?? {}, params, '')).map(
      ({ weight: _w, ...p }) => p,
    );
  }

  private explain(schema: Schema, definitions: Record<string, unknown>, data: unknown, at: string): Scored[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (validate(data)) return [];
    const errors = validate.errors ?? [];
    const problems: Scored[] = [];
    const explained: string[] = [];
    const unions = errors
      .filter((e) => e.keyword === 'anyOf')
      .sort((a, b) => a.instancePath.length - b.instancePath.length);
    for (const union of unions) {
      if (explained.some((p) => under(union.instancePath, p))) continue;
      const branches = schemaAt(schema, definitions, union.instancePath)?.anyOf;
      if (!Array.isArray(branches)) continue; // cannot tell the branches apart: report ajv's errors as they are
      explained.push(union.instancePath);
      let best: Scored[] | undefined;
      for (const branch of branches as Schema[]) {
        const wrapped = this.branchSchema(branch, definitions);
        const found = this.explain(
          wrapped,
          definitions,
          valueAt(data, union.instancePath),
          `${at}${union.instancePath}`,
        );
        if (!best || weightOf(found) < weightOf(best)) best = found;
      }
      problems.push(...(best ?? []));
    }
    for (const e of errors) {
      if (e.keyword === 'anyOf' || explained.some((p) => under(e.instancePath, p))) continue;
      const { suffix, message } = describe(e);
      const path = `${at}${e.instancePath}${suffix}`.replace(/^\//, '') || '(params)';
      problems.push({
        path,
        message,
        description: `Bad Request: ${path}: ${message}`,
        weight: e.keyword === 'const' ? 10 : 1,
      });
    }
    return problems;
  }

  private readonly wrappers = new WeakMap<object, Schema>();

  /** A branch of a union, made self-contained by carrying the root's definitions. */
  private branchSchema(branch: Schema, definitions: Record<string, unknown>): Schema {
    let wrapped = this.wrappers.get(branch);
    if (!wrapped) {
      wrapped = { ...branch, definitions };
      this.wrappers.set(branch, wrapped);
    }
    return wrapped;
  }
}

function dedupe<P extends Problem>(problems: P[]): P[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type CallValidator = (method: string, params: Record<string, unknown>, opts: { form: boolean }) => Problem[];
let shared: CallValidator | undefined;

/**
 * Validates Bot API calls: JSON bodies as they are; form bodies with string → number/boolean
 * coercion. One instance per process: compiled schemas are reused by every fake.
 */
export function createCallValidator(): CallValidator {
  if (shared) return shared;
  const json = new SchemaChecker(new Ajv({ allErrors: true, strict: false }));
  const form = new SchemaChecker(new Ajv({ allErrors: true, strict: false, coerceTypes: true }));
  shared = (method, params, opts) => [
    ...(opts.form ? form : json).check(method, params),
    ...checkLimits(method, params),
  ];
  return shared;
}
