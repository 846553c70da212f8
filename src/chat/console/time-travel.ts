import type { Agenda } from 'agenda';
import { DateTime } from 'luxon';
import type { ManualClock } from '../../core/clock.js';
import { DUE_JOBS } from '../../jobs/job-specs.js';
import type { Jobs } from '../../jobs/jobs.js';

/** What moving business time drives: the jobs due by then, and the outbox that delivers their messages. */
export type TimeDeps = {
  clock: ManualClock;
  jobs: Pick<Jobs, 'runDue'>;
  agenda: Pick<Agenda, 'queryJobs'>;
  /** Resolves when every message recorded so far has been delivered. */
  drain(): Promise<void>;
};

/** Console words for the scheduled jobs (what the clock shows when it stops at one). */
export const JOB_LABELS: Record<string, string> = {
  'claims.remind': 'claim reminder',
  'claims.reoffer': 're-offer',
  'claims.escalate': 'unclaimed-lead escalation',
  'claims.pickup': 'queued leads offered',
  'meetings.remind': 'meeting reminder',
  'meetings.outcome': 'meeting outcome prompt',
  'renewals.nudge': 'renewal nudge',
  'renewals.escalate': 'renewal escalation',
  'digests.team': 'daily digest',
};

/** Most stops one clock move makes before it jumps straight to its target. */
const MAX_STOPS = 2000;

type Due = { name: string; at: Date };

async function dueBy(agenda: TimeDeps['agenda'], target: Date): Promise<Due[]> {
  const { jobs } = await agenda.queryJobs({ names: [...DUE_JOBS], includeDisabled: false });
  return jobs
    .filter((j) => j.nextRunAt && new Date(j.nextRunAt).getTime() <= target.getTime())
    .map((j) => ({ name: j.name, at: new Date(j.nextRunAt!) }))
    .sort(
      (a, b) =>
        a.at.getTime() - b.at.getTime() ||
        DUE_JOBS.indexOf(a.name as never) - DUE_JOBS.indexOf(b.name as never),
    );
}

/** How a move can be watched and stopped. */
export type TravelOptions = {
  /** Aborting stops the move at the next stop, after everything due so far ran and was delivered. */
  signal?: AbortSignal;
  /**
   * Told each time business time moves, before anything runs at the new time, so a saved clock
   * is never behind what the jobs record (the console saves it here).
   */
  onMoved?: (at: Date) => void;
};

/**
 * Moves business time forward to `target`, stopping at each moment a job is due on the way (a
 * claim reminder at +5 min, the re-offer at +15, the 09:00 digest…) so everything happens in
 * order and at its own time, exactly as it would have live. At each stop `onStop` is told the
 * time and what is due, then the jobs run and their messages are delivered before going on.
 * Resolves 'interrupted' when `signal` stopped it short of `target` (at a stop, consistent).
 */
export async function travelTo(
  deps: TimeDeps,
  target: Date,
  onStop: (at: Date, due: string[]) => void,
  opts: TravelOptions = {},
): Promise<'arrived' | 'interrupted'> {
  const moveTo = (at: Date) => {
    deps.clock.set(at);
    opts.onMoved?.(at);
  };
  for (let stops = 0; stops < MAX_STOPS; stops++) {
    if (opts.signal?.aborted) return 'interrupted';
    const due = await dueBy(deps.agenda, target);
    const first = due[0];
    if (!first) break;
    const at = new Date(Math.max(first.at.getTime(), deps.clock.now().getTime()));
    moveTo(at);
    onStop(at, [...new Set(due.filter((d) => d.at.getTime() <= at.getTime()).map((d) => d.name))]);
    const ran = await deps.jobs.runDue(at);
    await deps.drain();
    if (ran === 0) break; // due but not runnable here (locked elsewhere): jump to the target
  }
  if (opts.signal?.aborted) return 'interrupted';
  moveTo(target);
  await deps.jobs.runDue(target);
  await deps.drain();
  return 'arrived';
}

/**
 * Parses what `clock` accepts: `+2h`, `+90m`, `+3d`, `+1w`, `+1d2h`, or a date and time
 * (`2027-09-01 09:00`, `2027-09-01`) read in `zone`. Returns null when it is neither.
 */
export function parseClockTarget(words: string, now: Date, zone: string): Date | null {
  const text = words.trim();
  const rel = /^\+((?:\d+\s*[mhdw]\s*)+)$/i.exec(text);
  if (rel) {
    const dur: Record<string, number> = {};
    for (const [, n, unit] of rel[1]!.matchAll(/(\d+)\s*([mhdw])/gi)) {
      const key = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' }[unit!.toLowerCase()]!;
      dur[key] = (dur[key] ?? 0) + Number(n);
    }
    return DateTime.fromJSDate(now, { zone }).plus(dur).toJSDate();
  }
  const abs = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text);
  if (!abs) return null;
  const dt = DateTime.fromISO(abs[1]!, { zone }).set({
    hour: abs[2] ? Number(abs[2]) : 0,
    minute: abs[3] ? Number(abs[3]) : 0,
  });
  return dt.isValid ? dt.toJSDate() : null;
}
