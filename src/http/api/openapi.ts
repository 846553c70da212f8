import { z } from 'zod';
import { API_SCHEMAS } from './lead-schemas.js';
import { LEADS_PATH } from './lead-view.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(id) } },
});
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before the next request', schema: { type: 'integer' } },
};

/** Every schema of the API as OpenAPI components: generated from the zod schemas requests are parsed with. */
function components(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(API_SCHEMAS, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each is a component of this document, not a JSON Schema resource of its own.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _schema, $id: _id, ...rest } = s as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

/** The lead intake API as an OpenAPI 3.1 document (served at `GET /api/v1/openapi.json`). */
export function openApiDocument(): Record<string, unknown> {
  const errors = {
    '401': json('Error', 'No API key, a wrong one, or a revoked one'),
    '429': { ...json('Error', 'Past the per-key request rate'), headers: retryAfter },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton lead intake API',
      version: '1.0.0',
      description:
        "Creates leads exactly as /lead does in chat (validation, duplicate check, numbering, routing, the card and the offer) and reads their state. Authenticate with a team's API key: /team api-key create (admins) or npm run baton -- api-key create --team NAME.",
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A team API key (bk_…)' } },
      schemas: components(),
    },
    security: [{ apiKey: [] }],
    paths: {
      [LEADS_PATH]: {
        post: {
          operationId: 'createLead',
          summary: 'Create a lead and route it',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Makes a retry return the first answer (200 with the same body) instead of a second lead; the same key with another body is refused (422)',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('LeadRequest') } } },
          responses: {
            '201': json('Lead', 'Created and routed: the lead, who it was offered to and why'),
            '200': json('Lead', 'A replay of an Idempotency-Key: the first answer again'),
            '409': json(
              'Duplicate',
              'An open lead or account has the same email, phone or domain (send force: true)',
            ),
            '413': json('Error', 'The body is over 64 KiB'),
            '422': json('Error', 'Bad fields (nothing was written): one entry per field'),
            '503': {
              ...json('Error', 'The database is unavailable: retry with the same Idempotency-Key'),
              headers: retryAfter,
            },
            ...errors,
          },
        },
      },
      [`${LEADS_PATH}/{id}`]: {
        get: {
          operationId: 'getLead',
          summary: "A lead's current state",
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'L-12 or 12', schema: { type: 'string' } },
          ],
          responses: {
            '200': json('Lead', 'The lead now'),
            '404': json('Error', 'No such lead in the team'),
            ...errors,
          },
        },
      },
      [OPENAPI_PATH]: {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          security: [],
          responses: {
            '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': {} } },
          },
        },
      },
    },
  };
}
