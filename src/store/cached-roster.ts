import type { PersonStore, TeamStore } from '../core/ports.js';
import type { Person } from '../core/roster/person.js';
import type { Team } from '../core/roster/team.js';
import { deepCopy } from './docs.js';
import type { RosterCache } from './roster-cache.js';

/** Teams read through the roster cache; every write moves the team's roster version. */
export class CachedTeamStore implements TeamStore {
  constructor(
    private readonly inner: TeamStore,
    private readonly cache: RosterCache,
  ) {}
  insert(team: Team): Promise<boolean> {
    return this.inner.insert(team);
  }
  async get(id: string): Promise<Team | null> {
    return this.cache.team(id, await this.cache.entry(id));
  }
  list(): Promise<Team[]> {
    return this.inner.list();
  }
  update(id: string, patch: Partial<Omit<Team, 'id'>>): Promise<Team> {
    return thenChanged(this.inner.update(id, patch), () => this.cache.changed(id));
  }
}

/** People read through the roster cache; every write moves their team's roster version. */
export class CachedPersonStore implements PersonStore {
  constructor(
    private readonly inner: PersonStore,
    private readonly cache: RosterCache,
  ) {}

  insert(person: Person): Promise<void> {
    return thenChanged(this.inner.insert(person), () => this.cache.changed(person.teamId));
  }

  async get(id: string): Promise<Person | null> {
    const teamId = this.cache.teamOf(id);
    if (teamId) {
      const found = (await this.roster(teamId)).byId.get(id);
      if (found) return deepCopy(found);
    }
    // Not seen yet (or not in the team this process saw them in): the person's own read.
    const p = await this.inner.get(id);
    if (p) this.cache.remember(p);
    return p;
  }

  async getMany(ids: string[]): Promise<Person[]> {
    // One version read per team for the whole batch (a digest's fan-out names a whole team).
    const rosters = new Map<string, ReturnType<CachedPersonStore['roster']>>();
    const out: Person[] = [];
    for (const id of new Set(ids)) {
      const teamId = this.cache.teamOf(id);
      if (teamId) {
        let roster = rosters.get(teamId);
        if (!roster) rosters.set(teamId, (roster = this.roster(teamId)));
        const found = (await roster).byId.get(id);
        if (found) {
          out.push(deepCopy(found));
          continue;
        }
      }
      const p = await this.inner.get(id);
      if (p) {
        this.cache.remember(p);
        out.push(p);
      }
    }
    return out;
  }

  async byAddress(address: string): Promise<Person | null> {
    const personId = this.cache.personAt(address);
    if (personId) {
      const p = await this.get(personId);
      if (p?.addresses.includes(address)) return p;
    }
    const p = await this.inner.byAddress(address);
    if (p) this.cache.remember(p);
    return p;
  }

  async byHandle(teamId: string, handle: string): Promise<Person | null> {
    const found = (await this.roster(teamId)).all.find((p) => p.handle === handle);
    return found ? deepCopy(found) : null;
  }

  byTelegramUsername(username: string): Promise<Person | null> {
    return this.inner.byTelegramUsername(username);
  }

  async listTeam(teamId: string, opts: { activeOnly?: boolean } = {}): Promise<Person[]> {
    const { all } = await this.roster(teamId);
    return (opts.activeOnly ? all.filter((p) => p.active) : all).map((p) => deepCopy(p));
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  async update(id: string, patch: Partial<Omit<Person, 'id' | 'addresses'>>): Promise<Person> {
    const teamId = this.cache.teamOf(id) ?? (await this.inner.get(id))?.teamId;
    return thenChanged(this.inner.update(id, patch), () =>
      teamId ? this.cache.changed(teamId) : Promise.resolve(),
    );
  }

  async linkAddress(personId: string, address: string): Promise<void> {
    const teamId = this.cache.teamOf(personId) ?? (await this.inner.get(personId))?.teamId;
    await thenChanged(this.inner.linkAddress(personId, address), () =>
      teamId ? this.cache.changed(teamId) : Promise.resolve(),
    );
  }

  /** The team's people as its current roster version has them (shared: copy what is returned). */
  private async roster(teamId: string) {
    return this.cache.people(teamId, await this.cache.entry(teamId));
  }
}

/** Awaits a roster write, then moves the version (also after a failure: it may have been written). */
async function thenChanged<T>(write: Promise<T>, changed: () => Promise<void>): Promise<T> {
  let result: T;
  try {
    result = await write;
  } catch (err) {
    await changed().catch(() => undefined);
    throw err;
  }
  await changed();
  return result;
}
