import { validateLeadInput, type LeadInput } from '../../core/leads/lead-input.js';
import { createLead } from '../../core/leads/create-lead.js';
import { createdReply } from '../interactions/lead-replies.js';
import { withAmount } from '../parsers/lead-syntax.js';
import { sourceLabel } from '../render/lead-card.js';
import type { FormValues } from './form.js';
import { field, many, one, probe, withLocale, type FormSpec } from './spec.js';

const TEXT_FIELDS = [
  'company',
  'contactName',
  'contactTitle',
  'email',
  'phone',
  'domain',
  'source',
  'value',
  'notes',
  'currency',
] as const;

/** A lead form's values as a lead's input; an amount typed in any language's words is read here. */
export function leadInputFrom(v: FormValues, teamCurrency: string): LeadInput {
  const bant = many(v.bant);
  const input: LeadInput = {
    budget: bant.includes('budget'),
    authority: bant.includes('authority'),
    need: bant.includes('need'),
    timing: bant.includes('timing'),
  };
  for (const k of TEXT_FIELDS) {
    const x = one(v[k]);
    if (x) input[k] = x;
  }
  return withAmount(input, teamCurrency);
}

/** `/lead` with no text: every field of a lead. */
export const leadForm: FormSpec<'lead', LeadInput> = {
  id: 'lead',
  build: (s) =>
    withLocale(s, {
      id: 'lead',
      title: s.kit.tr('form.lead.title'),
      submitLabel: s.kit.tr('form.lead.submit'),
      fields: [
        field(s, 'company', 'text', true, { maxLength: 120 }),
        field(s, 'contactName', 'text', true, { maxLength: 120 }),
        field(s, 'contactTitle', 'text', false, { maxLength: 120 }),
        field(s, 'email', 'email', false, { hint: s.kit.tr('form.hint.email_or_phone') }),
        field(s, 'phone', 'phone', false, { maxLength: 40 }),
        field(s, 'domain', 'text', false, { maxLength: 253, placeholder: 'acme.com' }),
        field(s, 'source', 'select', true, {
          options: s.team.leadSources.map((v) => ({ value: v, label: sourceLabel(s.kit, v) })),
          initial: s.team.leadSources.includes('inbound') ? 'inbound' : s.team.leadSources[0],
        }),
        field(s, 'bant', 'checkboxes', false, {
          options: (['budget', 'authority', 'need', 'timing'] as const).map((v) => ({
            value: v,
            label: s.kit.tr(`form.bant.${v}`),
          })),
        }),
        field(s, 'value', 'money', false, {
          placeholder: s.team.currency === 'RUB' ? '500 000 ₽' : '$25,000',
          maxLength: 40,
        }),
        field(s, 'notes', 'textarea', false, { maxLength: 2000 }),
      ],
    }),
  parse: (s, v) => leadInputFrom(v, s.team.currency),
  submit: async (s, input) => createdReply(s, await createLead(s.deps.core, { input }, s.ctx), input),
  fields: {
    company: 'company',
    domain: 'domain',
    'contact.name': 'contactName',
    'contact.title': 'contactTitle',
    'contact.email': 'email',
    'contact.phone': 'phone',
    source: 'source',
    value: 'value',
    notes: 'notes',
  },
  check(s, id, value) {
    // The answer among sample values for the other required fields: only its own issue counts.
    const base: FormValues = { company: 'x', contactName: 'x', email: 'x@example.com', [id]: value };
    return probe(s, leadForm.fields, id, () => validateLeadInput(leadInputFrom(base, s.team.currency), s.team));
  },
};
