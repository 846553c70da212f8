import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The generated definitions we validate against (see generate-schemas.ts). */
export type SchemaRoot = 'MessageBlocks' | 'ModalViewPayload' | 'HomeViewPayload';

/** One thing wrong with a payload, located by a JSON pointer into the request arguments. */
export interface Problem {
  pointer: string;
  message: string;
}

const SCHEMA_ID = 'slack-block-kit';
let validators: Map<SchemaRoot, ValidateFunction> | undefined;

function compile(): Map<SchemaRoot, ValidateFunction> {
  const schema = JSON.parse(
    readFileSync(new URL('./schemas/block-kit.schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true });
  ajv.addSchema({ ...schema, $id: SCHEMA_ID });
  const roots: SchemaRoot[] = ['MessageBlocks', 'ModalViewPayload', 'HomeViewPayload'];
  return new Map(roots.map((r) => [r, ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${r}` })]));
}

function explain(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required field: ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return `unknown field: ${String(p.additionalProperty)}`;
    case 'discriminator':
      return p.error === 'mapping' ? `unsupported type: ${String(p.tagValue)}` : 'must have a string "type"';
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return `must be one of ${JSON.stringify(p.allowedValues)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Compiles the schema now (seconds on a busy machine) rather than inside the first request, which
 * would then outlive Slack's 3-second trigger_id.
 */
export function compileSchemas(): void {
  validators ??= compile();
}

/**
 * Checks `value` against a generated @slack/types schema. Pointers are `basePointer` + the path
 * inside `value`, so they read like Slack's `[json-pointer:/blocks/0/text]`.
 */
export function schemaProblems(root: SchemaRoot, value: unknown, basePointer: string): Problem[] {
  validators ??= compile();
  const validate = validators.get(root)!;
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    const problem = { pointer: basePointer + e.instancePath, message: explain(e) };
    const key = `${problem.pointer} ${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
