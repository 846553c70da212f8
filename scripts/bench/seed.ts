import type { Connection } from 'mongoose';
import type { Lead, LeadStatus } from '../../src/core/leads/lead.js';
import type { Ctx } from '../../src/core/ports.js';
import type { Person } from '../../src/core/roster/person.js';
import type { Team } from '../../src/core/roster/team.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';
import { addMember, setTeamChannel, setupTeam } from '../../src/core/roster/index.js';

let seq = 0;
const ctx = (deps: CoreDeps, actorId?: string): Ctx => ({
  ...(actorId ? { actorId } : {}),
  source: 'cli',
  key: `bench-seed:${process.pid}:${++seq}`,
  now: deps.clock.now(),
});

export type BenchTeam = { team: Team; boss: Person; sdrs: Person[]; aes: Person[] };

/**
 * A team set up through the real use cases: a boss (admin, manager), SDRs and AEs whose platform
 * addresses come from `address(handle)`; the lead channel is `channel` when given.
 */
export async function seedTeam(
  deps: CoreDeps,
  opts: {
    address: (handle: string) => string;
    sdrs?: number;
    aes?: number;
    others?: number;
    channel?: { platform: 'slack' | 'telegram'; id: string };
  },
): Promise<BenchTeam & { others: Person[] }> {
  const { team, admin } = await setupTeam(
    deps,
    { teamName: 'Bench', founder: { address: opts.address('boss'), name: 'Boss', username: 'boss' } },
    ctx(deps),
  );
  if (opts.channel) await setTeamChannel(deps, opts.channel, ctx(deps, admin.id));
  const add = (handle: string, roles: string[]) =>
    addMember(deps, { name: handle, handle, roles, address: opts.address(handle) }, ctx(deps, admin.id));
  const sdrs: Person[] = [];
  const aes: Person[] = [];
  const others: Person[] = [];
  for (let i = 1; i <= (opts.sdrs ?? 1); i++) sdrs.push(await add(`sdr${i}`, ['sdr']));
  for (let i = 1; i <= (opts.aes ?? 3); i++) aes.push(await add(`ae${i}`, ['ae']));
  for (let i = 1; i <= (opts.others ?? 0); i++) others.push(await add(`rep${i}`, ['sdr']));
  return { team: (await deps.stores.teams.get(team.id)) ?? team, boss: admin, sdrs, aes, others };
}

const DAY = 24 * 3600_000;
const CLOSED: LeadStatus[] = ['won', 'lost', 'lost', 'disqualified'];

/** One plausible historical lead (mostly closed; every 30th still open). */
export function historicalLead(t: BenchTeam, n: number, now: Date): Lead {
  const createdAt = new Date(now.getTime() - (n % 400) * DAY - (n % 97) * 60_000);
  const ae = t.aes[n % t.aes.length]!;
  const open = n % 30 === 0;
  const status: LeadStatus = open ? 'claimed' : CLOSED[n % CLOSED.length]!;
  const at = new Date(createdAt.getTime() + 3600_000);
  return {
    id: `lead_hist_${t.team.id.slice(-6)}_${n}`,
    teamId: t.team.id,
    number: 1_000_000 + n,
    fields: {
      company: `Historic ${n} Ltd`,
      domain: `historic${n}.example`,
      contact: { name: `Buyer ${n}`, email: `buyer${n}@historic${n}.example` },
      source: 'inbound',
      qualification: { budget: n % 2 === 0, authority: n % 3 === 0, need: true, timing: n % 5 === 0 },
      value: { amount: 1000 * (1 + (n % 50)), currency: 'USD' },
    },
    keys: { email: `buyer${n}@historic${n}.example`, domain: `historic${n}.example` },
    status,
    createdBy: t.sdrs[n % t.sdrs.length]!.id,
    createdAt,
    offers: [{ personId: ae.id, at: createdAt, round: 0, outcome: 'claimed', endedAt: at }],
    round: 0,
    ownerId: ae.id,
    claimedAt: at,
    meetings:
      n % 3 === 0
        ? [
            {
              id: `m_${n}`,
              startsAt: new Date(at.getTime() + 2 * DAY),
              durationMin: 30,
              timezone: 'UTC',
              bookedBy: t.sdrs[0]!.id,
              bookedAt: at,
              aeId: ae.id,
              status: 'held',
              revision: 0,
            },
          ]
        : [],
    ...(status === 'won' || status === 'lost'
      ? { deal: { outcome: status, at: new Date(at.getTime() + 10 * DAY), by: ae.id, reason: 'price' } }
      : {}),
    updatedAt: new Date(at.getTime() + 10 * DAY),
    version: 3,
  };
}

/**
 * Inserts `count` historical leads straight into the collections (much faster than the use
 * cases): each lead document, its three events, its number slot, its rotation turn, its key
 * list entries, its card and (open ones) its open-leads entry — the rows a real team's history leaves behind in the
 * collections the hot paths read.
 */
export async function seedHistory(conn: Connection, t: BenchTeam, count: number, now: Date): Promise<void> {
  const col = (name: string) => conn.collection<{ _id: string } & Record<string, unknown>>(name);
  for (let start = 0; start < count; start += 1000) {
    const leads = Array.from({ length: Math.min(1000, count - start) }, (_, i) =>
      historicalLead(t, start + i, now),
    );
    const docs = leads.map(({ id, ...rest }) => ({ _id: id, ...rest }));
    await col('leads').insertMany(docs, { ordered: false });
    await col('events').insertMany(
      leads.flatMap((l) =>
        [1, 2, 3].map((v) => ({
          _id: `${l.id}:${v}`,
          aggregate: 'lead',
          aggregateId: l.id,
          teamId: l.teamId,
          version: v,
          type: 'lead.history',
          source: 'cli',
          at: l.updatedAt,
          key: `hist:${l.id}:${v}`,
          state: { _id: l.id, teamId: l.teamId, status: l.status, version: v },
        })),
      ),
      { ordered: false },
    );
    await col('sequences').insertMany(
      leads.flatMap((l, i) => [
        {
          _id: `histno:${t.team.id}:${start + i}`,
          pool: `histno:${t.team.id}`,
          seq: start + i,
          key: `histno:${l.id}`,
        },
        {
          _id: `histae:${t.team.id}:${start + i}`,
          pool: `histae:${t.team.id}`,
          seq: start + i,
          key: `route:${l.id}:0`,
          personId: l.ownerId,
          kind: 'assign',
          weights: {},
          at: l.createdAt,
        },
      ]),
      { ordered: false },
    );
    const open = leads.filter((l) => l.status === 'claimed');
    if (open.length)
      await col('open_leads').insertMany(
        open.map((l) => ({
          _id: l.id,
          teamId: l.teamId,
          version: l.version,
          status: l.status,
          who: l.ownerId,
          keys: l.keys,
        })),
        { ordered: false },
      );
    await col('lead_keys').insertMany(
      leads.flatMap((l) => [
        { _id: `${l.teamId}|email|${l.keys.email}#1`, leadId: l.id },
        { _id: `${l.teamId}|domain|${l.keys.domain}#1`, leadId: l.id },
      ]),
      { ordered: false },
    );
    await col('outbox_cards').insertMany(
      leads.map((l) => ({ _id: `lead:${l.id}:card|hist`, leadId: l.id, at: l.createdAt })),
      { ordered: false },
    );
  }
}

/**
 * Inserts `count` more people like `template` (same team and roles; handles `rep<n>`, addresses
 * from `address`) straight into the collections: adding a thousand through the use case checks
 * each handle against the whole team, which is the use case's business, not this benchmark's.
 */
export async function seedPeople(
  conn: Connection,
  template: Person,
  count: number,
  address: (handle: string) => string,
): Promise<void> {
  const people = conn.collection<{ _id: string } & Record<string, unknown>>('people');
  const addresses = conn.collection<{ _id: string } & Record<string, unknown>>('person_addresses');
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
      const handle = `rep${start + i + 1}`;
      const { id: _id, ...rest } = template;
      return { ...rest, _id: `person_bench_${handle}`, name: handle, handle, addresses: [address(handle)] };
    });
    await people.insertMany(batch);
    await addresses.insertMany(batch.map((p) => ({ _id: p.addresses[0]!, personId: p._id, at: new Date() })));
  }
}
