import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createApp } from '../../src/app.js';
import { seedDemoTeam } from '../../src/chat/console/demo-team.js';
import { ManualClock } from '../../src/core/clock.js';
import { updateMember } from '../../src/core/roster/index.js';
import { createLogger } from '../../src/logger.js';
import { connectDatabase } from '../../src/store/database.js';
import { createCliHarness } from './harness.js';

// The demo team (a year of history through the use cases) on the harness's database.
const h = createCliHarness({ CONSOLE: 'true' });
beforeAll(async () => {
  const connection = await connectDatabase(h.env.MONGODB_URI!);
  const clock = new ManualClock(new Date(Date.now() - 3600_000));
  const app = await createApp({
    config: { defaults: { timezone: 'UTC', locale: 'en' }, runJobs: false },
    log: createLogger({ level: 'silent' }),
    connection,
    clock,
  });
  await app.start();
  await seedDemoTeam(
    { core: app.core, clock, settle: () => app.jobs.runDue().then(() => app.outbox.drain()) },
    { timezone: 'UTC', locale: 'en' },
  );
  // Carlos is out of office and Gus at his cap, so routing has someone to skip.
  const [team] = await app.core.stores.teams.list();
  const people = await app.core.stores.people.listTeam(team!.id);
  const id = (handle: string) => people.find((p) => p.handle === handle)!.id;
  const ctx = { actorId: id('maria'), source: 'cli' as const, key: 'test', now: new Date() };
  const until = new Date(Date.now() + 5 * 86400_000);
  await updateMember(
    app.core,
    { personId: id('carlos'), patch: { outOfOffice: { from: new Date(), until } } },
    ctx,
  );
  await updateMember(app.core, { personId: id('gus'), patch: { cap: 0 } }, { ...ctx, key: 'test2' });
  await app.stop();
  await connection.close();
}, 60_000);
afterAll(() => h.cleanup());

const csv = (text: string) => parse<Record<string, string>>(text, { columns: true });

describe('export for a CRM', () => {
  it('leads: one row per lead with contact, qualification, value and people by handle', async () => {
    const r = await h.run('export', 'leads');
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({
      lead: 'L-1',
      company: 'Globex',
      contact_email: 'hank@globex.example',
      status: 'won',
      budget: 'true',
      timing: 'false',
      estimated_value: '48000.00',
      currency: 'USD',
      sdr: 'sam',
      demo: 'true',
    });
    expect(rows[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(r.stderr).toBe('Exported 13 leads of "Demo — Northwind Sales".\n');
  });

  it('deals, accounts and the audit trail', async () => {
    const deals = csv((await h.run('export', 'deals')).stdout);
    expect(deals.map((d) => `${d.company}:${d.outcome}`).sort()).toEqual(
      [
        'Acme Robotics:won',
        'Cyberdyne Systems:won',
        'Globex:won',
        'Initech:won',
        'Initrode:won',
        'Oscorp:lost',
        'Stark Industries:lost',
        'Tyrell Corp:won',
        'Umbrella Corp:won',
        'Vandelay Industries:lost',
      ].sort(),
    );
    expect(deals.find((d) => d.company === 'Stark Industries')).toMatchObject({
      loss_reason: 'price',
      amount: '',
    });
    const accounts = csv((await h.run('export', 'accounts')).stdout);
    expect(accounts).toHaveLength(7);
    expect(accounts.find((a) => a.company === 'Umbrella Corp')).toMatchObject({
      contract_value: '36000.00',
      renewals: '1',
      contact_name: 'Albert Wesker',
    });
    const events = csv((await h.run('export', 'events')).stdout);
    expect(events.length).toBeGreaterThan(30);
    const times = events.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(events.some((e) => e.type === 'lead.claimed' && e.record === 'L-1')).toBe(true);
    expect(events.every((e) => !e.detail!.includes('"effects"'))).toBe(true);
  });

  it('refuses an unknown kind and an unknown team', async () => {
    expect(await h.run('export', 'widgets')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/One of: people, leads/),
    });
    expect(await h.run('export', 'leads', '--team', 'Nope')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/No team "Nope"\. Teams here: "Demo — Northwind Sales"/),
    });
  });
});

describe('routing', () => {
  it('says who is next in each rotation and why, and who is skipped and why', async () => {
    const r = await h.run('routing');
    expect(r.code).toBe(0);
    const [ae, am] = r.stdout.split('\n\n').slice(1);
    expect(ae).toMatch(/^AE rotation \(new leads\) — turn \d+ next/);
    expect(ae).toMatch(/ {2}next: @(anna|ben), then /);
    expect(ae).toMatch(
      /why: weighted round robin — .* highest running credit \(@\w+ [\d.]+, @\w+ [\d.]+; equal/,
    );
    expect(ae).toMatch(/ {4}@anna \(Anna Novak\) — weight 1, \d+ open leads?, no cap/);
    expect(ae).toMatch(/skipped:\n {4}@carlos: Carlos Diaz — out of office until /);
    expect(am).toMatch(/^AM rotation \(won accounts\)/);
    expect(am).toMatch(/next: @fiona, then @fiona/);
    expect(am).toMatch(/@gus: Gus Meyer — at (their|the) cap|@gus: .*cap/);
  });
});

describe('digest now', () => {
  it('queues today’s digests for every active person and each manager’s team digest', async () => {
    const r = await h.run('digest', 'now');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/"Demo — Northwind Sales": 9 digests for \d{4}-\d\d-\d\d queued on console\./);
    const digests = async () => {
      const conn = await connectDatabase(h.env.MONGODB_URI!);
      try {
        return await conn
          .collection('outbox')
          .countDocuments({ 'notice.body.kind': 'digest', status: 'pending' });
      } finally {
        await conn.close();
      }
    };
    // Recorded for the running bot to deliver (8 people, the manager also gets the team's).
    expect(await digests()).toBe(9);
    // Once per person and day: asking again queues nothing new.
    expect((await h.run('digest', 'now')).code).toBe(0);
    expect(await digests()).toBe(9);
  });

  it('says so when there is no chat platform to deliver on', async () => {
    const none = createCliHarness({ CONSOLE: 'false' });
    none.env.MONGODB_URI = h.env.MONGODB_URI!;
    const r = await none.run('digest', 'now');
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/No chat platform is configured/) });
    rmSync(none.dir, { recursive: true, force: true });
  });
});

describe('kpi rebuild', () => {
  it('recomputes the facts kept as the demo year happened and finds them unchanged, however often it runs', async () => {
    const connection = await connectDatabase(h.env.MONGODB_URI!);
    const facts = async () =>
      (
        await connection
          .db!.collection('events')
          .find({ applied: { $exists: true } }, { projection: { f: 1 } })
          .toArray()
      )
        .filter((d) => Object.keys(d.f as object).length > 0)
        .sort((a, b) => String(a._id).localeCompare(String(b._id)));
    try {
      const kept = await facts();
      expect(kept.length).toBeGreaterThan(10);
      const r = await h.run('kpi', 'rebuild');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/KPI facts rebuilt from 13 leads and \d+ accounts/);
      expect(await facts()).toEqual(kept);
      expect((await h.run('kpi', 'rebuild', '--team', 'nobody')).code).not.toBe(0);
      expect((await h.run('kpi', 'rebuild')).code).toBe(0);
      expect(await facts()).toEqual(kept);
    } finally {
      await connection.close();
    }
  }, 60_000);
});
