import type { Duplicate } from '../../core/leads/create-lead.js';
import { leadLabel, type Lead, type RoutingDecision } from '../../core/leads/lead.js';
import { publicPerson, type Person } from '../../core/roster/person.js';
import type { Stores } from '../../core/ports.js';
import type { DuplicateAnswer, LeadView } from './lead-schemas.js';

export const LEADS_PATH = '/api/v1/leads';

const iso = (d: Date | string) => new Date(d).toISOString();

function personView(p: Person | undefined, id: string): LeadView['createdBy'] {
  if (!p) return { handle: id, name: id };
  return publicPerson(p);
}

function routingView(
  r: RoutingDecision,
  who: (id: string) => LeadView['createdBy'],
): NonNullable<LeadView['routing']> {
  const ownerOf =
    typeof r.detail?.leadNumber === 'number'
      ? `L-${r.detail.leadNumber}`
      : typeof r.detail?.company === 'string'
        ? r.detail.company
        : undefined;
  return {
    kind: r.kind,
    ...(r.turn !== undefined ? { turn: r.turn } : {}),
    ...(r.kind === 'owner' && ownerOf ? { ownerOf } : {}),
    skipped: r.skipped.map(({ personId, reason }) => ({
      person: who(personId),
      reason: reason.code,
      ...(reason.code === 'out_of_office' ? { until: iso(reason.until) } : {}),
      ...(reason.code === 'at_cap' ? { open: reason.open, cap: reason.cap } : {}),
      ...(reason.code === 'outside_hours'
        ? { hours: `${reason.start}-${reason.end} ${reason.timezone}` }
        : {}),
    })),
  };
}

/** The lead as the API shows it: its label, state, fields, and who has it and why. */
export async function leadView(stores: Pick<Stores, 'people'>, lead: Lead): Promise<LeadView> {
  const ids = new Set([
    lead.createdBy,
    ...(lead.offeredTo ? [lead.offeredTo] : []),
    ...(lead.ownerId ? [lead.ownerId] : []),
  ]);
  for (const s of lead.routing?.skipped ?? []) ids.add(s.personId);
  const people = new Map((await stores.people.getMany([...ids])).map((p) => [p.id, p]));
  const who = (id: string) => personView(people.get(id), id);
  const f = lead.fields;
  const label = leadLabel(lead);
  return {
    id: label,
    number: lead.number,
    status: lead.status,
    company: f.company,
    ...(f.domain ? { domain: f.domain } : {}),
    contact: {
      name: f.contact.name,
      ...(f.contact.title ? { title: f.contact.title } : {}),
      ...(f.contact.email ? { email: f.contact.email } : {}),
      ...(f.contact.phone ? { phone: f.contact.phone } : {}),
    },
    source: f.source,
    ...(f.value ? { value: { amount: f.value.amount, currency: f.value.currency } } : {}),
    qualification: { ...f.qualification },
    ...(f.notes ? { notes: f.notes } : {}),
    createdBy: who(lead.createdBy),
    createdAt: iso(lead.createdAt),
    updatedAt: iso(lead.updatedAt),
    ...(lead.status === 'offered' && lead.offeredTo ? { offeredTo: who(lead.offeredTo) } : {}),
    ...(lead.ownerId ? { owner: who(lead.ownerId) } : {}),
    ...(lead.routing ? { routing: routingView(lead.routing, who) } : {}),
    url: `${LEADS_PATH}/${label}`,
  };
}

/** A 409's body: the open leads and accounts the lead would duplicate. */
export function duplicateView(duplicates: Duplicate[]): DuplicateAnswer {
  return {
    error: 'duplicate',
    message:
      'An open lead or an account has the same email, phone or company domain; send "force": true to create it anyway.',
    duplicates: duplicates.map((d) => ({
      matchedOn: [...d.matchedOn],
      ...(d.lead
        ? {
            lead: {
              id: leadLabel(d.lead),
              status: d.lead.status,
              company: d.lead.fields.company,
              url: `${LEADS_PATH}/${leadLabel(d.lead)}`,
            },
          }
        : {}),
      ...(d.account
        ? {
            account: {
              company: d.account.company,
              ...(d.account.domain ? { domain: d.account.domain } : {}),
              status: d.account.status,
            },
          }
        : {}),
    })),
  };
}
