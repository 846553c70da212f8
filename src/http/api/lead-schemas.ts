import { z } from 'zod';
import { LEAD_STATUSES } from '../../core/leads/lead.js';

/**
 * The lead intake API's bodies as zod schemas: requests are parsed with them, and the OpenAPI
 * document (openapi.ts) is generated from them, so the two cannot drift. Field names are the
 * words of `/lead` (company, contact, email, phone, source, value, qualification, notes).
 */

/** The schemas the OpenAPI document names (components/schemas), by id. */
export const API_SCHEMAS = z.registry<{ id: string }>();

const text = (max: number) => z.string().max(max);

export const leadRequestSchema = z
  .object({
    company: text(120).describe('The company'),
    contact: text(120).describe("The contact's name"),
    title: text(120).optional().describe("The contact's job title"),
    email: text(254).optional().describe("The contact's email (an email or a phone is required)"),
    phone: text(40).optional().describe("The contact's phone (7 to 15 digits)"),
    domain: text(253).optional().describe("The company's domain (taken from a business email when absent)"),
    source: text(40).optional().describe("One of the team's lead sources (default: other)"),
    value: z
      .union([
        text(40).describe('Free text: 25000, 25k, $25,000'),
        z.object({ amount: z.number().int().min(0).describe('In minor units'), currency: text(3) }).strict(),
      ])
      .optional()
      .describe('Estimated deal value'),
    currency: text(3).optional().describe("ISO currency of a text value (default: the team's)"),
    qualification: z
      .object({
        budget: z.boolean().optional(),
        authority: z.boolean().optional(),
        need: z.boolean().optional(),
        timing: z.boolean().optional(),
      })
      .strict()
      .optional()
      .describe('BANT: what the SDR confirmed'),
    notes: text(2000).optional(),
    sdr: text(254)
      .optional()
      .describe('The SDR credited, by handle (@sam) or email; default: the admin who made the API key'),
    force: z.boolean().optional().describe('Create it even when it duplicates an open lead or an account'),
  })
  .strict()
  .register(API_SCHEMAS, { id: 'LeadRequest' });

export type LeadRequest = z.infer<typeof leadRequestSchema>;

const personSchema = z
  .object({ handle: z.string(), name: z.string(), email: z.string().optional() })
  .register(API_SCHEMAS, { id: 'Person' });

const skippedSchema = z
  .object({
    person: personSchema,
    reason: z.enum(['inactive', 'out_of_office', 'at_cap', 'outside_hours', 'already_offered', 'passed']),
    until: z.string().optional().describe('out_of_office: the last day away (ISO time)'),
    open: z.number().int().optional().describe('at_cap: open leads'),
    cap: z.number().int().optional().describe('at_cap: the cap'),
    hours: z.string().optional().describe('outside_hours: e.g. 09:00-18:00 Europe/Berlin'),
  })
  .register(API_SCHEMAS, { id: 'Skipped' });

export const routingSchema = z
  .object({
    kind: z
      .enum(['owner', 'rotation', 'queue', 'manual'])
      .describe(
        "owner: the company's existing owner; rotation: weighted round robin; queue: nobody eligible now",
      ),
    turn: z.number().int().optional().describe('The rotation turn that chose the AE'),
    ownerOf: z
      .string()
      .optional()
      .describe('owner: the lead (L-7) or account (company) that made them the owner'),
    skipped: z.array(skippedSchema).describe('Who was not chosen, and why'),
  })
  .register(API_SCHEMAS, { id: 'Routing' });

const moneySchema = z.object({ amount: z.number().int(), currency: z.string() });

export const leadSchema = z
  .object({
    id: z.string().describe('L-12'),
    number: z.number().int(),
    status: z.enum(LEAD_STATUSES),
    company: z.string(),
    domain: z.string().optional(),
    contact: z.object({
      name: z.string(),
      title: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
    }),
    source: z.string(),
    value: moneySchema.optional(),
    qualification: z.object({
      budget: z.boolean(),
      authority: z.boolean(),
      need: z.boolean(),
      timing: z.boolean(),
    }),
    notes: z.string().optional(),
    createdBy: personSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    offeredTo: personSchema.optional().describe('The AE the lead is offered to now'),
    owner: personSchema.optional().describe('The AE who claimed it'),
    routing: routingSchema.optional().describe('Why it went where it went'),
    url: z.string().describe('Where its current state is read (GET)'),
  })
  .register(API_SCHEMAS, { id: 'Lead' });

export type LeadView = z.infer<typeof leadSchema>;

export const fieldErrorSchema = z
  .object({ field: z.string(), code: z.string(), message: z.string() })
  .register(API_SCHEMAS, { id: 'FieldError' });

export const errorSchema = z
  .object({
    error: z.string().describe('A stable code: unauthorized, rate_limited, too_large, invalid, not_found…'),
    message: z.string(),
    fields: z.array(fieldErrorSchema).optional().describe('invalid: one entry per bad field'),
  })
  .register(API_SCHEMAS, { id: 'Error' });

export type ApiError = z.infer<typeof errorSchema>;

export const duplicateSchema = z
  .object({
    error: z.literal('duplicate'),
    message: z.string(),
    duplicates: z.array(
      z.object({
        matchedOn: z.array(z.enum(['email', 'phone', 'domain'])),
        lead: z
          .object({ id: z.string(), status: z.string(), company: z.string(), url: z.string() })
          .optional(),
        account: z
          .object({ company: z.string(), domain: z.string().optional(), status: z.string() })
          .optional(),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'Duplicate' });

export type DuplicateAnswer = z.infer<typeof duplicateSchema>;
