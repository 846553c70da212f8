import { accountFacts, addFacts, diffFacts, leadFacts, type FactMap } from './facts.js';
import type { AggregateStore, KpiFactStore } from '../ports.js';
import type { CoreDeps } from '../shared/deps.js';

/** What a rebuild did. */
export type RebuildResult = { leads: number; accounts: number; caughtUp: number };

type Versioned = { id: string; teamId: string; version: number };

/**
 * Recomputes a team's KPI facts from its leads and accounts and replaces the stored ones
 * (`npm run baton -- kpi rebuild`, and once per team on the first start of a version that keeps
 * facts). Idempotent, and safe while the bot runs: changes committed during the rebuild are
 * added again afterwards, each keyed by its event, so the ones the replacement overwrote count
 * once and the ones added after it are not added twice.
 */
export async function rebuildKpiFacts(
  deps: Pick<CoreDeps, 'stores'>,
  teamId: string,
): Promise<RebuildResult> {
  const { leads, accounts, kpiFacts } = deps.stores;
  const sum: FactMap = {};
  const seenLeads = new Map<string, number>();
  const seenAccounts = new Map<string, number>();
  for await (const lead of leads.scan(teamId)) {
    addFacts(sum, leadFacts(lead));
    seenLeads.set(lead.id, lead.version);
  }
  for await (const account of accounts.scan(teamId)) {
    addFacts(sum, accountFacts(account));
    seenAccounts.set(account.id, account.version);
  }
  await kpiFacts.reset(teamId, sum);
  // Every change whose facts may have been overwritten by the reset had its event inserted
  // before it (the event comes first, its facts next, the cached aggregate last), so the events
  // tell what to add again; the causes added since the reset are skipped.
  let caughtUp = 0;
  for (const [id, version] of await leads.eventVersions(teamId))
    caughtUp += await catchUp(kpiFacts, leads, teamId, id, version, seenLeads.get(id) ?? -1, leadFacts);
  for (const [id, version] of await accounts.eventVersions(teamId))
    caughtUp += await catchUp(
      kpiFacts,
      accounts,
      teamId,
      id,
      version,
      seenAccounts.get(id) ?? -1,
      accountFacts,
    );
  await kpiFacts.markReady(teamId);
  return { leads: seenLeads.size, accounts: seenAccounts.size, caughtUp };
}

/** Adds the facts of the changes after version `seen` (the ones the rebuild's scan did not see). */
async function catchUp<T extends Versioned>(
  kpiFacts: KpiFactStore,
  store: AggregateStore<T>,
  teamId: string,
  id: string,
  latest: number,
  seen: number,
  factsOf: (x: T) => FactMap,
): Promise<number> {
  if (latest <= seen) return 0;
  let n = 0;
  const base = seen >= 0 ? await store.stateAt(id, seen) : null;
  let before: FactMap = base ? factsOf(base) : {};
  for (let v = seen + 1; v <= latest; v++) {
    const state = await store.stateAt(id, v);
    if (!state) continue;
    const after = factsOf(state);
    const delta = diffFacts(before, after);
    if (Object.keys(delta).length) await kpiFacts.apply(teamId, `${id}:${v}`, delta, { sinceReset: true });
    before = after;
    n++;
  }
  return n;
}

/**
 * The first start of a version that keeps KPI facts in a new layout builds them for every team
 * that has none in it (a database written by an earlier version), once: a team is skipped once its facts are marked
 * complete, and the whole pass once it finished. Runs in the background; until a team's facts
 * are built its reports are computed from its leads (same numbers, slower).
 */
export async function upgradeKpiFacts(
  deps: Pick<CoreDeps, 'stores'>,
  onTeam?: (teamId: string, result: RebuildResult) => void,
): Promise<number> {
  const { ledger, teams, kpiFacts } = deps.stores;
  const migration = `kpi-facts-v${kpiFacts.layout}`;
  if (await ledger.get('migration', migration)) return 0;
  let n = 0;
  for (const team of await teams.list()) {
    if (await kpiFacts.ready(team.id)) continue;
    const result = await rebuildKpiFacts(deps, team.id);
    onTeam?.(team.id, result);
    n++;
  }
  await ledger.insertOnce('migration', migration, { at: new Date() });
  return n;
}
