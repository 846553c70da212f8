// Checks HTTP answers against the OpenAPI document the server publishes: the document itself with
// a real OpenAPI validator (OpenAPI 3.1's own JSON Schema), each response body with Ajv's
// JSON Schema 2020-12 (OpenAPI 3.1's dialect) against the schema the document gives its status.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
};

export type OpenApiCheck = {
  /** Problems of `body` as the answer `status` to `method` on the documented `path` (empty: fine). */
  problems(method: string, path: string, status: number, body: unknown): string[];
};

/** Validates the document (throws listing the validator's errors) and compiles its response schemas. */
export async function openApiCheck(doc: unknown): Promise<OpenApiCheck> {
  const validator = new Validator();
  const res = await validator.validate(doc as Parameters<Validator['validate']>[0]);
  if (!res.valid) throw new Error(`invalid OpenAPI document: ${JSON.stringify(res.errors, null, 2)}`);
  if (validator.version !== '3.1') throw new Error(`OpenAPI ${validator.version}, not 3.1`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The whole document as one resource, so `#/components/schemas/…` refs resolve inside it.
  ajv.addSchema(doc as object, 'openapi.json');
  const d = doc as Doc;
  return {
    problems(method, path, status, body) {
      const op = d.paths[path]?.[method.toLowerCase()];
      if (!op) return [`${method} ${path} is not in the document`];
      const answer = op.responses[String(status)];
      if (!answer) return [`${method} ${path} does not document ${status}`];
      const schema = answer.content?.['application/json']?.schema as { $ref?: string } | undefined;
      if (!schema?.$ref) return [];
      const validate = ajv.getSchema(`openapi.json${schema.$ref}`);
      if (!validate) return [`no schema ${schema.$ref}`];
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    },
  };
}
