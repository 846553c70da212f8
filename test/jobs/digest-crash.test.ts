import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Person } from '../../src/core/roster/person.js';
import { AgendaTimers } from '../../src/store/agenda-timers.js';
import { JOB_TABLE } from '../../src/jobs/job-store.js';
import { nextDigestSlot } from '../../src/jobs/digests.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { createCoreHarness, seedTeam, type CoreHarness } from '../support/core.js';
import { testMongoUri } from '../support/db.js';
import { repoRoot } from '../support/spawn-bot.js';
import { silentLog } from './harness.js';
import { createAgendaBackend } from '../../src/store/agenda-backend.js';

// Two bot processes and a 500-recipient fan-out: on a loaded 2-core machine this takes far more
// than the default 30 s, and a worker left running after a timeout would hold the run open.
jest.setTimeout(180_000);
const children = new Set<ReturnType<typeof spawn>>();

function runWorker(args: string[], killAt?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/digest-crash-worker.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (killAt?.test(line)) child.kill('SIGKILL');
  });
  return new Promise<{ code: number | null; signal: string | null; lines: string[]; err: string }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal, lines, err })),
  );
}

describe('kill -9 in the middle of a 500-recipient digest fan-out', () => {
  let h: CoreHarness;
  let dir: string;
  beforeAll(async () => {
    h = await createCoreHarness('2026-12-01T06:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts and every recipient has exactly one digest', async () => {
    const t = await seedTeam(h, { sdrs: 0, aes: 0, ams: 0 });
    const now = h.clock.now();
    const people: Person[] = [];
    for (let i = 0; i < 499; i++) {
      const p: Person = {
        ...t.admin,
        id: `p_${i}`,
        name: `Rep ${i}`,
        handle: `rep${i}`,
        addresses: [`console:rep${i}`],
        roles: [i % 3 === 0 ? 'sdr' : i % 3 === 1 ? 'ae' : 'am'],
        createdAt: now,
      };
      await h.deps.stores.people.insert(p);
      people.push(p);
    }
    // The team's next digest (Tue 1 Dec, 09:00 Berlin) is stored; both workers run at 09:00.
    const scheduler = createScheduler({
      backend: createAgendaBackend(h.conn),
      log: silentLog,
      runJobs: false,
    });
    const slot = nextDigestSlot(t.team, now);
    await new AgendaTimers(scheduler.agenda, JOB_TABLE).scheduleJob(
      'digests.team',
      {
        key: `digests.team:${t.team.id}:${slot.date}T${slot.time}`,
        teamId: t.team.id,
        date: slot.date,
        time: slot.time,
      },
      slot.at,
    );
    const file = join(dir, 'sent.txt');
    const args = [testMongoUri(), h.conn.name, file, slot.at.toISOString()];

    const first = await runWorker(args, /^notified 200$/);
    expect(first.signal).toBe('SIGKILL');
    const sentBeforeKill = existsSync(file)
      ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length
      : 0;
    const recorded = await h.conn.db!.collection('outbox').countDocuments({});
    // Killed mid fan-out: not every notice was recorded, let alone sent.
    expect(recorded).toBeLessThan(501 + 1);
    expect(sentBeforeKill).toBeLessThan(502);

    const second = await runWorker(args);
    expect({ code: second.code, err: second.err }).toEqual({ code: 0, err: '' });

    const sent = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const perId = new Map<string, number>();
    for (const id of sent) perId.set(id, (perId.get(id) ?? 0) + 1);
    expect([...perId.values()].filter((n) => n > 1)).toEqual([]);
    const expected = [
      ...[t.admin, ...people].map((p) => `digest:${p.id}:${slot.date}|${p.addresses[0]}`),
      `digest:${t.admin.id}:${slot.date}:team|${t.admin.addresses[0]}`,
    ];
    expect([...perId.keys()].sort()).toEqual(expected.sort());
  });
});
