import { DateTime } from 'luxon';
import { hasRole } from '../../core/roster/person.js';
import { DemoRefused, seedDemoTeam } from './demo-team.js';
import { showTime } from '../render/show-time.js';
import { JOB_LABELS, parseClockTarget, travelTo } from './time-travel.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import type { Locale } from '../../core/roster/team.js';

/** The console's own commands (its chrome is English; the bot's messages follow each person's language). */
export const HELP = [
  'Console workspace: you act as any member of the team; the bot answers exactly as on Slack or Telegram.',
  '  as @anna             act as @anna: commands you type and buttons you press are theirs',
  '  /lead …  /meeting …  /team …  /kpi …  /help    the bot’s own commands (/help lists them)',
  '  press 3   or just 3  press button [3]',
  '  clock                business time now;  clock +2h · clock +3d · clock 2027-09-01 09:00 moves it',
  '                       forward, and reminders, re-offers, renewal nudges and digests happen on the way',
  '  home                 your queue, as on the Slack Home tab',
  '  demo                 load a demo team (in an empty deployment)',
  '  echo …   # …         print a line / a comment, for scripts',
  '  quit                 leave (Ctrl+D does too)',
];

/** Who `handle` is, in a line: their name and roles, or that the bot does not know them yet. */
export async function whoIs(deps: WorkspaceDeps, handle: string): Promise<string> {
  const p = await deps.app.core.stores.people.byAddress(`console:${handle}`);
  if (p) return `You are @${handle} (${p.name}: ${p.roles.join(', ')}).`;
  return `You are @${handle}, whom the bot does not know yet (console:${handle}): add them with /team add, or /team setup a team as them.`;
}

/** The language the console speaks to you in: yours, else the first team's, else the default. */
export async function localeOf(deps: WorkspaceDeps, handle: string): Promise<Locale> {
  const stores = deps.app.core.stores;
  const p = await stores.people.byAddress(`console:${handle}`);
  if (p) return p.locale;
  return (await stores.teams.list())[0]?.locale ?? deps.defaults.locale;
}

/** The zone times are shown and typed in: yours, else the first team's, else the default. */
export async function zoneOf(deps: WorkspaceDeps, handle: string): Promise<string> {
  const stores = deps.app.core.stores;
  const p = await stores.people.byAddress(`console:${handle}`);
  if (p) return p.timezone;
  return (await stores.teams.list())[0]?.timezone ?? deps.defaults.timezone;
}

/** Prints the welcome and returns who you start as: a manager with a console account, if any. */
export async function greeting(deps: WorkspaceDeps): Promise<string> {
  const stores = deps.app.core.stores;
  const people = (
    await Promise.all((await stores.teams.list()).map((t) => stores.people.listTeam(t.id)))
  ).flat();
  const onConsole = people.filter((p) => p.active && p.addresses.some((a) => a.startsWith('console:')));
  const pick = onConsole.find((p) => hasRole(p, 'manager') || hasRole(p, 'admin')) ?? onConsole[0];
  const me = pick?.addresses.find((a) => a.startsWith('console:'))?.slice('console:'.length) ?? 'you';
  const { style } = deps.screen;
  deps.screen.print([
    style.bold('Baton console workspace') +
      ` — business time ${showTime(deps.clock.now(), await zoneOf(deps, me))}.`,
    people.length
      ? await whoIs(deps, me)
      : 'This deployment is empty: type `demo` for a demo team, or `/team setup <team name>` to start your own.',
    style.dim('Type help for the console’s commands, /help for the bot’s.'),
  ]);
  return me;
}

/**
 * `clock`, `clock +2h`, `clock 2027-09-01 09:00`: shows or moves business time (never back).
 * The clock is saved as it moves; `signal` (Ctrl-C) stops the move at the next stop.
 */
export async function clockCommand(
  deps: WorkspaceDeps,
  arg: string,
  zone: string,
  settle: () => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const { screen, clock } = deps;
  const now = clock.now();
  if (!arg) return screen.print(`Business time: ${showTime(now, zone)}.`);
  const target = parseClockTarget(arg, now, zone);
  if (!target) return screen.print('Try clock +2h, clock +3d, clock +1d2h or clock 2027-09-01 09:00.');
  if (target.getTime() < now.getTime())
    return screen.print(`Business time only moves forward (it is ${showTime(now, zone)}).`);
  await settle();
  const result = await travelTo(
    { clock, jobs: deps.app.jobs, agenda: deps.app.scheduler.agenda, drain: () => deps.app.outbox.drain() },
    target,
    (at, due) =>
      screen.print(
        screen.style.dim(`⏱ ${showTime(at, zone)} — ${due.map((d) => JOB_LABELS[d] ?? d).join(', ')}`),
      ),
    { ...(signal ? { signal } : {}), ...(deps.onClockMoved ? { onMoved: deps.onClockMoved } : {}) },
  );
  if (result === 'interrupted')
    return screen.print(
      `⏹ Stopped: business time is ${showTime(clock.now(), zone)} (everything due until then has happened; ` +
        `clock ${DateTime.fromJSDate(target, { zone }).toFormat('yyyy-MM-dd HH:mm')} goes on).`,
    );
  screen.print(`⏱ Business time is now ${showTime(clock.now(), zone)}.`);
}

/** `demo`: seeds the demo team (quietly: its back-dated history is not replayed) and returns its manager. */
export async function demoCommand(
  deps: WorkspaceDeps,
  settle: () => Promise<void>,
): Promise<string | undefined> {
  const { screen, sender } = deps;
  screen.print('Seeding the demo team through the real use cases (a year of back-dated history)…');
  sender.mute(true);
  try {
    const r = await seedDemoTeam(
      { core: deps.app.core, clock: deps.clock, settle },
      { timezone: deps.defaults.timezone, locale: deps.defaults.locale },
    );
    screen.print([
      `"${r.teamName}" is ready — demo data: ${r.people} people, ${r.leads} leads, ${r.accounts} won accounts.`,
      '  @maria manager · @sam @sofia SDRs · @anna @ben @carlos AEs · @fiona @gus AMs',
      '  Coming up: a meeting with Wayne Enterprises tomorrow, renewals of Globex (31 days) and Initech',
      '  (16 days), and the digest at 09:00 on working days. You are now @maria (manager).',
      '  Try: as @sam  then  /lead Acme Inc; Jane Doe; jane@acme.com; inbound; $25k',
    ]);
    return 'maria';
  } catch (err) {
    if (!(err instanceof DemoRefused)) throw err;
    screen.print(`No demo: ${err.message}.`);
    return undefined;
  } finally {
    sender.mute(false);
  }
}
