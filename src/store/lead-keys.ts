import type { Collection } from 'mongodb';
import type { Lead } from '../core/leads/lead.js';
import { insertOnce } from './insert-once.js';
import { isDuplicateKey } from './mongo-errors.js';

/**
 * Where the lists live: in the events collection, beside the events (as the KPI facts' changes
 * do), so a new lead's entries go in with its creation's events, in their one ordered insert.
 */
export const KEYS_PREFIX = 'keys|';

/**
 * One entry of a key value's list: `_id` = `keys|<team>|<kind>|<value>#<n>`, inserted once. A lead that
 * has the value (`leadId`), or in a company domain's list an account of the domain (`accountId`,
 * appended when it opened); a lead's domain entry also carries the domain's accounts its
 * duplicate check found active (`accounts`), so they stay within the lists' reach.
 */
export type LeadKeyDoc = { _id: string; leadId?: string; accountId?: string; accounts?: string[] };

/**
 * How many of the newest leads of one key value a duplicate check looks at. An email or phone
 * belongs to one or two leads; a company domain to a few. Past this many, older leads of the same
 * company are not found as duplicates (the check is advisory: "Create anyway" exists for a reason).
 */
export const KEY_LIST_MAX = 50;

/** How many entries and lengths one process remembers (then it starts over). */
const SEEN_MAX = 20_000;
/** How long a length found here is taken as where to insert (within one request). */
const RECENT_MS = 5_000;

/**
 * Which leads have an email, phone or company domain, as lists read and written by `_id` only —
 * the one lookup FerretDB pushes down to SQLite — so a duplicate check costs a few reads whatever
 * the size of the history. Entry n of a list is taken by an insert (a race between two new leads
 * with one email is decided by the unique `_id`: the loser takes n+1), so lists have no holes and
 * their end is found by doubling then halving (log n reads). Entries are facts that never change
 * (a lead's keys are fixed at creation); readers confirm status on the lead itself.
 */
export class LeadKeys {
  /** Entries seen (facts that never change), by `_id`. */
  private readonly seen = new Map<string, LeadKeyDoc>();
  /** Each list's length as last found here, and when: a list only grows, so it is a lower bound. */
  private readonly lengths = new Map<string, { n: number; at: number }>();
  /** Per domain list: the accounts its newest entries named when last read here, and when. */
  private readonly accountsRead = new Map<string, { ids: string[]; at: number }>();
  /** Per domain list: which of those were confirmed active (carried by the next lead's entry), and when. */
  private readonly accountsActive = new Map<string, { ids: string[]; at: number }>();

  constructor(
    private readonly col: Collection<LeadKeyDoc>,
    private readonly now: () => number = Date.now,
  ) {}

  private static lists(teamId: string, keys: Lead['keys']): string[] {
    const out: string[] = [];
    if (keys.email) out.push(`${KEYS_PREFIX}${teamId}|email|${keys.email}`);
    if (keys.phone) out.push(`${KEYS_PREFIX}${teamId}|phone|${keys.phone}`);
    if (keys.domain) out.push(LeadKeys.domainList(teamId, keys.domain));
    return out;
  }

  private static domainList(teamId: string, domain: string): string {
    return `${KEYS_PREFIX}${teamId}|domain|${domain}`;
  }

  private async entry(list: string, n: number): Promise<LeadKeyDoc | null> {
    const _id = `${list}#${n}`;
    const known = this.seen.get(_id);
    if (known) return known;
    const doc = await this.col.findOne({ _id });
    if (doc) this.remember(doc);
    return doc;
  }

  private remember(doc: LeadKeyDoc): void {
    if (this.seen.size >= SEEN_MAX) this.seen.clear();
    this.seen.set(doc._id, doc);
  }

  /** A per-list note, kept RECENT_MS (bounded like the rest). */
  private static note(
    map: Map<string, { ids: string[]; at: number }>,
    list: string,
    ids: string[],
    at: number,
  ) {
    if (map.size >= SEEN_MAX) map.clear();
    map.set(list, { ids, at });
  }

  private recent(map: Map<string, { ids: string[]; at: number }>, list: string): string[] | undefined {
    const r = map.get(list);
    return r && this.now() - r.at < RECENT_MS ? r.ids : undefined;
  }

  private found(list: string, n: number): number {
    if (this.lengths.size >= SEEN_MAX) this.lengths.clear();
    this.lengths.set(list, { n, at: this.now() });
    return n;
  }

  /**
   * The length a list had a moment ago here (this request's duplicate check), if any: where an
   * insert can go without finding the end again (a lower bound; a taken slot moves it on).
   */
  private recentLength(list: string): number | undefined {
    const l = this.lengths.get(list);
    return l && this.now() - l.at < RECENT_MS ? l.n : undefined;
  }

  /** The number of entries in a list (its last n). */
  private async length(list: string): Promise<number> {
    // From the length found before: entries are never removed, so one probe past it says
    // whether it still holds.
    const before = this.lengths.get(list)?.n;
    if (before !== undefined && !(await this.entry(list, before + 1))) return this.found(list, before);
    return this.found(list, await this.search(list));
  }

  /** The number of entries in a list, found by doubling then halving. */
  private async search(list: string): Promise<number> {
    let hi = 1;
    while (await this.entry(list, hi)) hi *= 2;
    let lo = hi / 2; // entry lo exists (or lo = 0.5: the list is empty)
    if (lo < 1) return 0;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.entry(list, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The lead's entries, to be inserted (ordered, by the caller: see `finish`), one per list of its
   * keys, each where its list ended a moment ago; none for a list where a re-run finds the lead at
   * the end already.
   */
  async entriesFor(lead: Pick<Lead, 'id' | 'teamId' | 'keys'>): Promise<LeadKeyDoc[]> {
    const docs: LeadKeyDoc[] = [];
    for (const list of LeadKeys.lists(lead.teamId, lead.keys)) {
      const n = this.recentLength(list) ?? (await this.length(list));
      if (n > 0 && (await this.entry(list, n))?.leadId === lead.id) continue;
      docs.push(this.entryDoc(list, n + 1, lead.id));
    }
    return docs;
  }

  /**
   * After an ordered insert of `docs` (entriesFor) that put in the first `wentIn`: the rest are
   * inserted here, and a list someone else grew meanwhile takes its next free entry on its own
   * (if it was this lead's twin, a second entry is harmless).
   */
  async finish(docs: LeadKeyDoc[], wentIn: number, leadId: string): Promise<void> {
    const rest = docs.slice(wentIn);
    const inserted = await insertOnce(this.col, rest);
    for (const [i, doc] of docs.entries()) {
      const at = doc._id.lastIndexOf('#');
      const list = doc._id.slice(0, at);
      const n = Number(doc._id.slice(at + 1));
      if (i < wentIn || inserted.has(doc._id)) {
        this.remember(doc);
        this.found(list, n);
      } else await this.append(list, n, leadId);
    }
  }

  /** Adds the lead to the list of each of its keys: one insert for all its lists (see entriesFor). */
  async add(lead: Pick<Lead, 'id' | 'teamId' | 'keys'>): Promise<void> {
    await this.finish(await this.entriesFor(lead), 0, lead.id);
  }

  /**
   * A lead's entry n of a list: a domain's carries the accounts found active a moment ago (by its
   * duplicate check or its routing), else those the list named when read a moment ago (routing
   * that found an owner among the open leads confirms none), so that they stay in the lists'
   * reach however many leads of the company follow.
   */
  private entryDoc(list: string, n: number, leadId: string): LeadKeyDoc {
    const accounts = this.recent(this.accountsActive, list) ?? this.recent(this.accountsRead, list);
    return { _id: `${list}#${n}`, leadId, ...(accounts?.length ? { accounts } : {}) };
  }

  /** Inserts the entry as the first free one of the list from `from + 1` on. */
  private async append(list: string, from: number, leadId: string): Promise<void> {
    await this.appendDoc(list, from, (n) => this.entryDoc(list, n, leadId));
  }

  private async appendDoc(list: string, from: number, doc: (n: number) => LeadKeyDoc): Promise<void> {
    let n = from;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const d = doc(n + 1);
      try {
        await this.col.insertOne(d);
        this.remember(d);
        this.found(list, n + 1);
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        n += 1;
      }
    }
  }

  /**
   * Lists an account under its company domain (an entry of its own, at the end of the list), so
   * the domain's duplicate checks and owner routing find it by `_id` reads; a re-run that finds it
   * at the end stops.
   */
  async addAccount(account: { id: string; teamId: string; domain?: string }): Promise<void> {
    if (!account.domain) return;
    const list = LeadKeys.domainList(account.teamId, account.domain);
    const n = await this.length(list);
    if (n > 0 && (await this.entry(list, n))?.accountId === account.id) return;
    await this.appendDoc(list, n, (k) => ({ _id: `${list}#${k}`, accountId: account.id }));
  }

  /**
   * The accounts the domain's newest entries name: as read a moment ago here by a duplicate check
   * (no read), else read (a few `_id` reads). Candidates only: the caller confirms each.
   */
  async accountIds(teamId: string, domain: string): Promise<string[]> {
    const list = LeadKeys.domainList(teamId, domain);
    const recent = this.recent(this.accountsRead, list);
    if (recent) return recent;
    await this.leadIds(teamId, { domain });
    return this.recent(this.accountsRead, list) ?? [];
  }

  /** Which of the domain's accounts were found active, for the next lead's entry to carry. */
  noteActive(teamId: string, domain: string, ids: string[]): void {
    LeadKeys.note(this.accountsActive, LeadKeys.domainList(teamId, domain), ids, this.now());
  }

  /**
   * The ids of leads having any of the keys (the newest KEY_LIST_MAX of each list). The accounts
   * the domain list's entries name are noted on the way (see accountIds).
   */
  async leadIds(teamId: string, keys: Lead['keys']): Promise<string[]> {
    const ids = new Set<string>();
    for (const list of LeadKeys.lists(teamId, keys)) {
      const accounts = new Set<string>();
      const end = await this.length(list);
      for (let n = end; n > Math.max(0, end - KEY_LIST_MAX); n--) {
        const at = await this.entry(list, n);
        if (at?.leadId) ids.add(at.leadId);
        if (at?.accountId) accounts.add(at.accountId);
        for (const a of at?.accounts ?? []) accounts.add(a);
      }
      if (keys.domain && list === LeadKeys.domainList(teamId, keys.domain))
        LeadKeys.note(this.accountsRead, list, [...accounts], this.now());
    }
    return [...ids];
  }
}
