import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Person } from '../core/roster/person.js';
import type { Team } from '../core/roster/team.js';
import { deepCopy } from './docs.js';
import { isDuplicateKey } from './mongo-errors.js';

/** What this process knows of one team's roster, valid while the team's version is `rev`. */
export type RosterEntry = {
  rev: string;
  team?: Team;
  /** Every person of the team (active or not), in creation order; loaded on first use. */
  people?: readonly Person[];
  byId?: ReadonlyMap<string, Person>;
  loadedAt: number;
};

/** One request's view: each team's version is read at most once in it. */
type Scope = { startedAt: number; seen: Map<string, RosterEntry> };

/**
 * A snapshot older than this re-reads the versions: a bound for work that outlives its request
 * in the request's async context (the outbox starts each delivery on a snapshot of its own).
 */
const SCOPE_MS = 30_000;
/**
 * A backstop for a writer that died between its roster write and the version bump: cached
 * people and settings are re-read after this long even when the version did not move.
 */
const ENTRY_MS = 60_000;

/**
 * The teams and people in memory, keyed by each team's roster version (`roster_versions`,
 * `_id` = team id, a fresh random `rev` after every write to the team, its people or their
 * addresses). Every writer writes its data first and the new version after; a reader reads the
 * version first and the data after, so a cached roster under the version it read can miss no
 * write that finished before that read (and a later write moves the version on). Two processes
 * stay right: each reads the version once per request scope (`snapshot`), or once per read
 * outside one — one `_id` read instead of the people, team and address reads it replaces.
 */
export class RosterCache {
  private readonly entries = new Map<string, RosterEntry>();
  private readonly teamOfPerson = new Map<string, string>();
  private readonly personOfAddress = new Map<string, string>();
  private readonly scopes = new AsyncLocalStorage<Scope>();

  constructor(
    private readonly versions: Collection<{ _id: string; rev: string }>,
    private readonly load: {
      team(id: string): Promise<Team | null>;
      people(teamId: string): Promise<Person[]>;
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `fn` in one roster snapshot: each team's version is read once in it. */
  snapshot<T>(fn: () => Promise<T>): Promise<T> {
    return this.scopes.run({ startedAt: this.now(), seen: new Map() }, fn);
  }

  /** The team's entry as its current version says (one `_id` read, none again in a snapshot). */
  async entry(teamId: string): Promise<RosterEntry> {
    const scope = this.scopes.getStore();
    const live = scope && this.now() - scope.startedAt < SCOPE_MS ? scope : undefined;
    const seen = live?.seen.get(teamId);
    if (seen) return seen;
    const rev = (await this.versions.findOne({ _id: teamId }))?.rev ?? '';
    let entry = this.entries.get(teamId);
    if (!entry || entry.rev !== rev || this.now() - entry.loadedAt > ENTRY_MS) {
      entry = { rev, loadedAt: this.now() };
      this.entries.set(teamId, entry);
    }
    live?.seen.set(teamId, entry);
    return entry;
  }

  /** The team of `entry` (read once per version). */
  async team(teamId: string, entry: RosterEntry): Promise<Team | null> {
    if (!entry.team) {
      const team = await this.load.team(teamId);
      if (!team) return null;
      entry.team = team;
    }
    return deepCopy(entry.team);
  }

  /** The people of `entry` (read once per version); shared: copy what leaves the store. */
  async people(
    teamId: string,
    entry: RosterEntry,
  ): Promise<{ all: readonly Person[]; byId: ReadonlyMap<string, Person> }> {
    if (!entry.people || !entry.byId) {
      const people = await this.load.people(teamId);
      for (const p of people) this.remember(p);
      entry.people = people;
      entry.byId = new Map(people.map((p) => [p.id, p]));
    }
    return { all: entry.people, byId: entry.byId };
  }

  /** The team a person was last seen in, if this process saw them. */
  teamOf(personId: string): string | undefined {
    return this.teamOfPerson.get(personId);
  }

  /** The person an address was last seen on, if this process saw it. */
  personAt(address: string): string | undefined {
    return this.personOfAddress.get(address);
  }

  /** Notes where a person read from the database belongs. */
  remember(person: Person): void {
    this.teamOfPerson.set(person.id, person.teamId);
    for (const a of person.addresses) this.personOfAddress.set(a, person.id);
  }

  /**
   * After a write to the team's roster: a new version for every process, this process's entry
   * and the current snapshot's forgotten.
   */
  async changed(teamId: string): Promise<void> {
    this.entries.delete(teamId);
    this.scopes.getStore()?.seen.delete(teamId);
    const rev = randomBytes(9).toString('base64url');
    try {
      await this.versions.updateOne({ _id: teamId }, { $set: { rev } }, { upsert: true });
    } catch (err) {
      // Two first writers upserted at once: the document is there now.
      if (!isDuplicateKey(err)) throw err;
      await this.versions.updateOne({ _id: teamId }, { $set: { rev } });
    }
    this.entries.delete(teamId);
    this.scopes.getStore()?.seen.delete(teamId);
  }
}
