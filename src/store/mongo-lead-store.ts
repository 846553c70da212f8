import type { Document } from 'mongodb';
import { BatonError } from '../core/errors.js';
import { isOpen, type Lead } from '../core/leads/lead.js';
import { leadFacts } from '../core/kpi/facts.js';
import type { KpiFactStore, LeadQuery, LeadStore, RotationTurn } from '../core/ports.js';
import { fromDoc } from './docs.js';
import type { Models } from './models.js';
import { MongoAggregateStore, type Folded } from './mongo-aggregate-store.js';
import { LeadKeys, type LeadKeyDoc } from './lead-keys.js';
import { foldFacts, MongoKpiFactStore, projectFacts } from './mongo-kpi-facts.js';
import { isQueued, OpenLeads } from './open-leads.js';
import { sequenceLedger, turnDoc, turnTaken } from './mongo-rotation-store.js';
import type { SequenceDoc, SequenceLedger, Taken } from './sequence-ledger.js';

export { sequenceLedger };

/** The team's lead-number sequence (slot `leadno:<team>:<n>`, key `leadno:<leadId>`). */
const numberPool = (teamId: string) => `leadno:${teamId}`;
const NUMBER_KEY = 'leadno:';

/**
 * The key lists on these models: one per models, so the accounts a lead's duplicate check read in
 * its domain's list are what the account store confirms, and what the lead's own entry carries.
 */
export function leadKeys(m: Models): LeadKeys {
  let keys = keyLists.get(m);
  if (!keys) {
    keys = new LeadKeys(m.Event.collection as never);
    keyLists.set(m, keys);
  }
  return keys;
}
const keyLists = new WeakMap<Models, LeadKeys>();

/**
 * Leads. What runs on every new lead — its number, duplicates, the company's owner — reads
 * `_id`-addressed ledgers only; the load per AE reads the open-leads projection (the pipeline,
 * never the whole history);
 * lists, scans for KPIs and the rare fallbacks still query the leads.
 */
/** The KPI facts store on these models. */
export function kpiFactStore(m: Models): MongoKpiFactStore {
  return new MongoKpiFactStore(m.Event.collection, m.Event.collection, m.Ledger.collection);
}

export class MongoLeadStore extends MongoAggregateStore<Lead> implements LeadStore {
  private readonly numbers: SequenceLedger<SequenceDoc>;
  private readonly open: OpenLeads;
  private readonly keys: LeadKeys;
  constructor(
    m: Models,
    private readonly facts: KpiFactStore = kpiFactStore(m),
  ) {
    super(m.Lead.collection, m.Event.collection, 'lead');
    this.numbers = sequenceLedger(m);
    this.open = new OpenLeads(m.OpenLead.collection as never);
    this.keys = leadKeys(m);
  }

  /**
   * Lists the lead under its keys in its creation's command, before its events: a lead that exists
   * is always found by them.
   */
  protected override async creationRecords(lead: Lead): Promise<Document[]> {
    return this.keys.entriesFor(lead);
  }

  protected override async creationRecordsDone(
    lead: Lead,
    records: Document[],
    wentIn: number,
  ): Promise<void> {
    await this.keys.finish(records as LeadKeyDoc[], wentIn, lead.id);
  }

  /** The change's KPI facts, inserted with its event. */
  protected override fold(before: Lead | null, after: Lead): Folded | null {
    return foldFacts(this.facts, after, before ? leadFacts(before) : {}, leadFacts(after));
  }

  /** Adds the change's KPI facts (exactly once per event). */
  protected override async project(before: Lead | null, after: Lead): Promise<void> {
    await projectFacts(this.facts, after, before ? leadFacts(before) : {}, leadFacts(after));
  }

  /** Keeps the open-leads entry in step with the cached lead (see OpenLeads). */
  protected override async beforeWrite(lead: Lead, before: Lead | 'created' | null): Promise<void> {
    await this.open.sync(lead, before);
  }

  async byNumber(teamId: string, number: number): Promise<Lead | null> {
    const slot = await this.numbers.at(numberPool(teamId), number);
    if (slot?.key.startsWith(NUMBER_KEY)) {
      const lead = await this.get(slot.key.slice(NUMBER_KEY.length));
      if (lead?.teamId === teamId) return lead;
    }
    // Leads numbered outside the sequence (imports): the query.
    const d = await this.docs.findOne({ teamId, number });
    return d ? this.rollForward(this.hydrate(d)) : null;
  }

  async takeNumber(teamId: string, leadId: string): Promise<number> {
    const pool = numberPool(teamId);
    const key = `${NUMBER_KEY}${leadId}`;
    for (let attempt = 0; attempt < 500; attempt++) {
      // First after the end this process saw (no read); the insert says when it was behind.
      const latest = await this.numbers.latest(pool, { seen: attempt === 0 });
      const seq = (latest?.seq ?? 0) + 1;
      const r = await this.numbers.insert({ _id: `${pool}:${seq}`, pool, seq, key });
      if (r === 'inserted') return seq;
      if (r !== 'seq_taken') return r.existing.seq;
    }
    throw new BatonError('CONFLICT', 'could not number the lead; try again', {});
  }

  async takeNumberAndTurn(
    teamId: string,
    leadId: string,
    turn: RotationTurn,
  ): Promise<{ number: number; turn: Taken<RotationTurn> | null }> {
    const pool = numberPool(teamId);
    const key = `${NUMBER_KEY}${leadId}`;
    for (let attempt = 0; attempt < 500; attempt++) {
      // As takeNumber, each try with the turn behind it in the same command: it goes in only
      // after the number did, and is not tried again once the number was the lead's already.
      const latest = await this.numbers.latest(pool, { seen: attempt === 0 });
      const seq = (latest?.seq ?? 0) + 1;
      const r = await this.numbers.insertPair({ _id: `${pool}:${seq}`, pool, seq, key }, turnDoc(turn));
      if (r.first === 'inserted') return { number: seq, turn: r.second && turnTaken(r.second) };
      if (r.first !== 'seq_taken') return { number: r.first.existing.seq, turn: null };
    }
    throw new BatonError('CONFLICT', 'could not number the lead; try again', {});
  }

  async findOpenByKeys(
    teamId: string,
    keys: { email?: string; phone?: string; domain?: string },
    opts: { except?: string } = {},
  ): Promise<Lead[]> {
    const out: Lead[] = [];
    for (const id of await this.keys.leadIds(teamId, keys)) {
      if (id === opts.except) continue;
      // Confirm each candidate on the lead itself: its status now, its keys.
      const lead = await this.get(id);
      if (!lead || lead.teamId !== teamId || !isOpen(lead.status)) continue;
      const k = lead.keys;
      if (
        (keys.email && k.email === keys.email) ||
        (keys.phone && k.phone === keys.phone) ||
        (keys.domain && k.domain === keys.domain)
      )
        out.push(lead);
      if (out.length >= 20) break;
    }
    return out;
  }

  async latestByDomain(teamId: string, domain: string): Promise<Lead | null> {
    const d = await this.docs.find({ teamId, 'keys.domain': domain }).sort({ createdAt: -1 }).limit(1).next();
    return d ? this.hydrate(d) : null;
  }

  async list(q: LeadQuery): Promise<Lead[]> {
    const filter: Document = { teamId: q.teamId };
    if (q.statuses) filter.status = { $in: [...q.statuses] };
    if (q.ownerId) filter.ownerId = q.ownerId;
    if (q.offeredTo) filter.offeredTo = q.offeredTo;
    if (q.createdBy) filter.createdBy = q.createdBy;
    if (q.createdSince) filter.createdAt = { $gte: q.createdSince };
    if (q.updatedSince) filter.updatedAt = { $gte: q.updatedSince };
    const docs = await this.docs
      .find(filter)
      .sort({ createdAt: -1 })
      .limit(q.limit ?? 200)
      .toArray();
    return docs.map((d) => this.hydrate(d));
  }

  async queued(teamId: string): Promise<Lead[]> {
    // From the open-leads projection (the pipeline), each confirmed on the lead itself.
    const out: Lead[] = [];
    for (const d of await this.open.ofTeam(teamId)) {
      if (!isQueued(d)) continue;
      const lead = await this.get(d._id);
      if (lead?.status === 'queued' && lead.teamId === teamId) out.push(lead);
    }
    return out.sort((a, b) => a.number - b.number);
  }

  async openLoad(teamId: string): Promise<Map<string, number>> {
    const load = new Map<string, number>();
    for (const d of await this.open.ofTeam(teamId)) {
      if (d.who) load.set(d.who, (load.get(d.who) ?? 0) + 1);
    }
    return load;
  }

  async *scan(teamId: string, opts: { since?: Date } = {}): AsyncIterable<Lead> {
    const filter: Document = { teamId };
    if (opts.since) filter.updatedAt = { $gte: opts.since };
    for await (const d of this.docs.find(filter, {
      projection: { 'fields.contact': 0, 'fields.notes': 0, _keys: 0 },
    })) {
      yield fromDoc<Lead>(d);
    }
  }

  async count(): Promise<number> {
    return this.docs.estimatedDocumentCount();
  }
}
