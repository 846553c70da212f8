import type { Document } from 'mongodb';
import type { Account } from '../core/accounts/account.js';
import { BatonError } from '../core/errors.js';
import { accountFacts } from '../core/kpi/facts.js';
import type {
  AccountStore,
  EventDraft,
  KpiFactStore,
  Ledger,
  PersonStore,
  Stores,
  TeamStore,
} from '../core/ports.js';
import type { Person } from '../core/roster/person.js';
import type { Team } from '../core/roster/team.js';
import { compact, fromDoc, toDoc } from './docs.js';
import type { Models } from './models.js';
import { MongoAggregateStore, type Folded } from './mongo-aggregate-store.js';
import { isDuplicateKey } from './mongo-errors.js';
import { insertedOnce } from './insert-once.js';
import { kpiFactStore, leadKeys, MongoLeadStore } from './mongo-lead-store.js';
import type { LeadKeys } from './lead-keys.js';
import { foldFacts, projectFacts } from './mongo-kpi-facts.js';
import { MongoRotationStore } from './mongo-rotation-store.js';
import { CachedPersonStore, CachedTeamStore } from './cached-roster.js';
import { RosterCache } from './roster-cache.js';
import { createMongoApiKeyStore } from './mongo-api-key-store.js';
import { MongoWebhookStore } from './mongo-webhook-store.js';

export class MongoTeamStore implements TeamStore {
  constructor(private readonly m: Models) {}
  async insert(team: Team): Promise<boolean> {
    return insertedOnce(this.m.Team.collection, compact(toDoc(team)) as Document);
  }
  async get(id: string): Promise<Team | null> {
    const d = await this.m.Team.collection.findOne({ _id: id } as Document);
    return d ? fromDoc<Team>(d) : null;
  }
  async list(): Promise<Team[]> {
    return (await this.m.Team.collection.find({}).sort({ createdAt: 1 }).toArray()).map((d) =>
      fromDoc<Team>(d),
    );
  }
  async update(id: string, patch: Partial<Omit<Team, 'id'>>): Promise<Team> {
    await this.m.Team.collection.updateOne({ _id: id } as Document, { $set: compact(patch) });
    const t = await this.get(id);
    if (!t) throw new BatonError('UNKNOWN_TEAM', `unknown team ${id}`, { teamId: id });
    return t;
  }
}

export class MongoPersonStore implements PersonStore {
  constructor(private readonly m: Models) {}

  async insert(person: Person): Promise<void> {
    const claimed: string[] = [];
    for (const address of person.addresses) {
      try {
        await this.m.Address.collection.insertOne({
          _id: address,
          personId: person.id,
          at: person.createdAt,
        } as Document);
        claimed.push(address);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const owner = await this.m.Address.collection.findOne({ _id: address } as Document);
        if (owner?.personId === person.id) continue; // a re-run of the same insert
        await this.releaseAddresses(claimed, person.id);
        throw new BatonError('ADDRESS_TAKEN', `${address} already belongs to someone`, { address });
      }
    }
    try {
      await this.m.Person.collection.insertOne(compact(toDoc(person)) as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.get(person.id);
      if (existing) {
        // A re-run, or a racing add of the same handle with other accounts: those stay free
        // rather than lead to a person who does not list them.
        await this.releaseAddresses(
          claimed.filter((a) => !existing.addresses.includes(a)),
          person.id,
        );
        return;
      }
      await this.releaseAddresses(claimed, person.id);
      throw new BatonError(
        'VALIDATION_FAILED',
        `@${person.handle} is already used in this team`,
        { handle: person.handle },
        [
          {
            field: 'handle',
            code: 'handle_taken',
            message: `@${person.handle} is already used in this team`,
          },
        ],
      );
    }
  }

  private async releaseAddresses(addresses: string[], personId: string): Promise<void> {
    if (addresses.length)
      await this.m.Address.collection.deleteMany({ _id: { $in: addresses }, personId } as Document);
  }

  async get(id: string): Promise<Person | null> {
    const d = await this.m.Person.collection.findOne({ _id: id } as Document);
    return d ? fromDoc<Person>(d) : null;
  }
  async getMany(ids: string[]): Promise<Person[]> {
    if (!ids.length) return [];
    const docs = await this.m.Person.collection
      .find({ _id: { $in: [...new Set(ids)] } } as Document)
      .toArray();
    return docs.map((d) => fromDoc<Person>(d));
  }
  async byAddress(address: string): Promise<Person | null> {
    const a = await this.m.Address.collection.findOne({ _id: address } as Document);
    return a ? this.get(String(a.personId)) : null;
  }
  async byHandle(teamId: string, handle: string): Promise<Person | null> {
    const d = await this.m.Person.collection.findOne({ teamId, handle });
    return d ? fromDoc<Person>(d) : null;
  }
  async byTelegramUsername(username: string): Promise<Person | null> {
    const d = await this.m.Person.collection.findOne({ telegramUsername: username.toLowerCase() });
    return d ? fromDoc<Person>(d) : null;
  }
  async listTeam(teamId: string, opts: { activeOnly?: boolean } = {}): Promise<Person[]> {
    const filter: Document = { teamId, ...(opts.activeOnly ? { active: true } : {}) };
    return (await this.m.Person.collection.find(filter).sort({ createdAt: 1, _id: 1 }).toArray()).map((d) =>
      fromDoc<Person>(d),
    );
  }
  async count(): Promise<number> {
    return this.m.Person.collection.countDocuments({});
  }
  async update(id: string, patch: Partial<Omit<Person, 'id' | 'addresses'>>): Promise<Person> {
    const unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(patch)) if (v === undefined) unset[k] = '';
    await this.m.Person.collection.updateOne({ _id: id } as Document, {
      $set: compact(patch),
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
    });
    const p = await this.get(id);
    if (!p) throw new BatonError('UNKNOWN_PERSON', `unknown person ${id}`, { personId: id });
    return p;
  }
  async linkAddress(personId: string, address: string): Promise<void> {
    try {
      await this.m.Address.collection.insertOne({ _id: address, personId, at: new Date() } as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const owner = await this.m.Address.collection.findOne({ _id: address } as Document);
      if (owner?.personId !== personId) {
        throw new BatonError('ADDRESS_TAKEN', `${address} already belongs to someone`, { address });
      }
    }
    await this.m.Person.collection.updateOne({ _id: personId } as Document, {
      $addToSet: { addresses: address },
    });
  }
}

export class MongoAccountStore extends MongoAggregateStore<Account> implements AccountStore {
  private readonly keys: LeadKeys;
  constructor(
    m: Models,
    private readonly facts: KpiFactStore = kpiFactStore(m),
  ) {
    super(m.Account.collection, m.Event.collection, 'account');
    this.keys = leadKeys(m);
  }
  /** Lists the account under its company domain first: an account that exists is found by it. */
  override async insert(doc: Account, draft: EventDraft, then?: { next: Account; event: EventDraft }) {
    await this.keys.addAccount(doc);
    return super.insert(doc, draft, then);
  }
  /** The change's KPI facts, inserted with its event. */
  protected override fold(before: Account | null, after: Account): Folded | null {
    return foldFacts(this.facts, after, before ? accountFacts(before) : {}, accountFacts(after));
  }
  /** Adds the change's KPI facts (exactly once per event). */
  protected override async project(before: Account | null, after: Account): Promise<void> {
    await projectFacts(this.facts, after, before ? accountFacts(before) : {}, accountFacts(after));
  }
  async list(q: { teamId: string; status?: 'active' | 'churned'; amId?: string }): Promise<Account[]> {
    const filter: Document = { teamId: q.teamId };
    if (q.status) filter.status = q.status;
    if (q.amId) filter.amId = q.amId;
    return (await this.docs.find(filter).sort({ createdAt: 1 }).toArray()).map((d) => this.hydrate(d));
  }
  /**
   * From the domain's key list (read a moment ago by the lead's duplicate check, else a few `_id`
   * reads), each candidate confirmed on the account: no query on the accounts (a scan on FerretDB),
   * and no read at all for a domain without accounts.
   */
  async byDomain(teamId: string, domain: string): Promise<Account[]> {
    const out: Account[] = [];
    for (const id of await this.keys.accountIds(teamId, domain)) {
      const a = await this.get(id);
      if (a?.teamId === teamId && a.domain === domain && a.status === 'active') out.push(a);
    }
    this.keys.noteActive(
      teamId,
      domain,
      out.map((a) => a.id),
    );
    return out.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  }
  async amLoad(teamId: string): Promise<Map<string, number>> {
    const load = new Map<string, number>();
    for await (const d of this.docs.find({ teamId, status: 'active' }, { projection: { amId: 1 } })) {
      if (d.amId) load.set(String(d.amId), (load.get(String(d.amId)) ?? 0) + 1);
    }
    return load;
  }
  async *scan(teamId: string): AsyncIterable<Account> {
    for await (const d of this.docs.find({ teamId }, { projection: { handoffNote: 0, _keys: 0 } }))
      yield fromDoc<Account>(d);
  }
}

export class MongoLedger implements Ledger {
  constructor(private readonly m: Models) {}
  async insertOnce(kind: string, id: string, doc: Record<string, unknown>): Promise<boolean> {
    return insertedOnce(
      this.m.Ledger.collection,
      compact({ ...doc, _id: `${kind}:${id}`, kind }) as Document,
    );
  }
  async get(kind: string, id: string): Promise<Record<string, unknown> | null> {
    return this.m.Ledger.collection.findOne({ _id: `${kind}:${id}` } as Document);
  }
  async mark(kind: string, id: string, fields: Record<string, unknown>): Promise<void> {
    await this.m.Ledger.collection.updateOne({ _id: `${kind}:${id}` } as Document, { $set: compact(fields) });
  }
  async purge(kind: string, before: Date): Promise<number> {
    const r = await this.m.Ledger.collection.deleteMany({ kind, at: { $lt: before } });
    return r.deletedCount;
  }
}

/** Every store on one set of models. */
export function createMongoStores(m: Models): Stores {
  const kpiFacts = kpiFactStore(m);
  const teams = new MongoTeamStore(m);
  const people = new MongoPersonStore(m);
  const cache = new RosterCache(m.RosterVersion.collection as never, {
    team: (id) => teams.get(id),
    people: (teamId) => people.listTeam(teamId),
  });
  return {
    roster: { snapshot: (fn) => cache.snapshot(fn) },
    teams: new CachedTeamStore(teams, cache),
    people: new CachedPersonStore(people, cache),
    leads: new MongoLeadStore(m, kpiFacts),
    accounts: new MongoAccountStore(m, kpiFacts),
    rotation: new MongoRotationStore(m),
    ledger: new MongoLedger(m),
    kpiFacts,
    apiKeys: createMongoApiKeyStore(m.Ledger.db),
    webhooks: new MongoWebhookStore(m.Webhook.collection),
  };
}

export { MongoLeadStore };
