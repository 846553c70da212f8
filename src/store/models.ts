import mongoose, { type Connection, type Model } from 'mongoose';

const { Schema } = mongoose;

/**
 * Collections and their indexes. Documents keep the domain's shape (`_id` = domain id); schemas
 * are non-strict so nested domain objects round-trip unchanged, and list only what is indexed or
 * needs a type. Every unique index here is a race decider (insert-once), valid on FerretDB and
 * MongoDB alike.
 */
const loose = { strict: false, versionKey: false, _id: false, minimize: false } as const;

function schema(fields: Record<string, unknown>) {
  return new Schema({ _id: { type: String, required: true }, ...fields }, loose);
}

export function createModels(conn: Connection) {
  const teams = schema({ name: String, createdAt: Date });

  const people = schema({ teamId: String, handle: String, telegramUsername: String, active: Boolean });
  people.index({ teamId: 1, handle: 1 }, { unique: true });
  people.index({ telegramUsername: 1 });

  /** `_id` = platform address; one person per address. */
  const addresses = schema({ personId: String, at: Date });
  addresses.index({ personId: 1 });

  const leads = schema({
    teamId: String,
    number: Number,
    status: String,
    ownerId: String,
    offeredTo: String,
    createdBy: String,
    createdAt: Date,
    updatedAt: Date,
  });
  leads.index({ teamId: 1, number: 1 }, { unique: true });
  leads.index({ teamId: 1, status: 1 });
  leads.index({ teamId: 1, 'keys.domain': 1 });

  const accounts = schema({ teamId: String, status: String, amId: String, domain: String });
  accounts.index({ teamId: 1, status: 1 });

  /**
   * `_id` = `<aggregateId>:<version>`: inserting it decides which change wins. Beside them, inserted
   * with them, the KPI facts documents' changes (`kpi:<docId>#<version>`; see kpi-fact-chain.ts)
   * and the key lists' entries (`keys|<team>|<kind>|<value>#<n>`; see lead-keys.ts).
   */
  const events = schema({
    aggregate: String,
    aggregateId: String,
    teamId: String,
    version: Number,
    type: String,
    at: Date,
    key: String,
  });
  events.index({ key: 1 }, { unique: true, sparse: true });
  events.index({ aggregateId: 1, version: 1 });
  events.index({ teamId: 1, at: 1 });

  /** Insert-once sequences: `_id` = `<pool>:<seq>`, `key` = what took the slot. */
  const sequence = schema({ pool: String, seq: Number, key: String });
  sequence.index({ key: 1 }, { unique: true });
  sequence.index({ pool: 1, seq: -1 });

  /** Highest seq seen per pool, a team's pools in one document: a hint only (the sequence ledger is the truth). */
  const sequenceHeads = schema({ seq: Number });

  /**
   * The key lists as an earlier version kept them (`<team>|<kind>|<value>#<n>`): read once, to move
   * them beside the events (key-lists-upgrade.ts; see lead-keys.ts).
   */
  const leadKeys = schema({ leadId: String });

  /** The open leads (the pipeline, not the history): `_id` = lead id; see open-leads.ts. */
  const openLeads = schema({ teamId: String, who: String, queued: Boolean, status: String });
  openLeads.index({ teamId: 1 });

  /** KPI facts per team, UTC day and month (`<team>|<day>`, `<team>|<month>`, `<team>|now`); see mongo-kpi-facts.ts. */
  const kpiFacts = schema({ teamId: String });
  kpiFacts.index({ teamId: 1 });

  /** Each team's roster version (`_id` = team id): a fresh `rev` after every roster write; see roster-cache.ts. */
  const rosterVersions = schema({ rev: String });

  /** The teams' outgoing webhooks (`_id` = webhook id); see mongo-webhook-store.ts. */
  const webhooks = schema({ teamId: String, createdAt: Date });
  webhooks.index({ teamId: 1 });

  /** One-off insert-once facts: `_id` = `<kind>:<id>`. */
  const ledger = schema({ kind: String, at: Date });

  return {
    Team: conn.model('Team', teams, 'teams'),
    Person: conn.model('Person', people, 'people'),
    Address: conn.model('Address', addresses, 'person_addresses'),
    Lead: conn.model('Lead', leads, 'leads'),
    Account: conn.model('Account', accounts, 'accounts'),
    Event: conn.model('Event', events, 'events'),
    Sequence: conn.model('Sequence', sequence, 'sequences'),
    SequenceHead: conn.model('SequenceHead', sequenceHeads, 'sequence_heads'),
    OpenLead: conn.model('OpenLead', openLeads, 'open_leads'),
    LeadKey: conn.model('LeadKey', leadKeys, 'lead_keys'),
    Ledger: conn.model('Ledger', ledger, 'ledger'),
    RosterVersion: conn.model('RosterVersion', rosterVersions, 'roster_versions'),
    KpiFact: conn.model('KpiFact', kpiFacts, 'kpi_facts'),
    Webhook: conn.model('Webhook', webhooks, 'webhooks'),
  };
}

export type Models = ReturnType<typeof createModels>;
export type AnyModel = Model<Record<string, unknown>>;

/** Builds every index (unique ones decide races, so they must exist before traffic). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const m of Object.values(models)) await (m as unknown as Model<unknown>).init();
}
