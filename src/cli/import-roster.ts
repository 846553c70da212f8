import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { normalizeEmail } from '../core/leads/normalize.js';
import type { Ctx } from '../core/ports.js';
import { hasRole, type Person } from '../core/roster/person.js';
import type { Team } from '../core/roster/team.js';
import { addMember, setupTeam, updateMember, type MemberPatch } from '../core/roster/index.js';
import { CliError, pickTeam, type CliContext } from './cli-context.js';
import { describeProblem, parseRoster, type RosterRow, type RowProblem } from './roster-csv.js';

type Plan = {
  add: RosterRow[];
  update: { row: RosterRow; person: Person; patch: MemberPatch }[];
  same: number;
};

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** What changes for a person already in the team; contact details are never changed by an import. */
function diff(row: RosterRow, p: Person, problems: RowProblem[]): MemberPatch {
  const m = row.member;
  const line = row.line;
  const stays = ' (an import never changes contact details: change them in chat, or fix the file)';
  if (m.email !== undefined && normalizeEmail(m.email) !== p.email)
    problems.push({ line, column: 'email', message: `differs from @${p.handle}'s email${stays}` });
  if (m.address && !p.addresses.includes(m.address))
    problems.push({ line, column: 'slack_id', message: `differs from @${p.handle}'s Slack account${stays}` });
  if (m.telegramUsername && m.telegramUsername !== p.telegramUsername)
    problems.push({ line, column: 'telegram_username', message: `differs from @${p.handle}'s${stays}` });
  const patch: MemberPatch = {};
  if (m.name.trim() !== p.name) patch.name = m.name.trim();
  if (
    !sameSet(
      m.roles.map((r) => r.toLowerCase()),
      p.roles,
    )
  )
    patch.roles = m.roles;
  if (m.weight !== undefined && m.weight !== p.weight) patch.weight = m.weight;
  if (m.cap !== undefined && m.cap !== p.cap) patch.cap = m.cap;
  if (m.timezone !== undefined && m.timezone !== p.timezone) patch.timezone = m.timezone;
  if (m.locale !== undefined && m.locale !== p.locale) patch.locale = m.locale;
  return patch;
}

/** Checks every row against the team as it is now, and decides what to add and change. */
async function plan(cx: CliContext, team: Team, rows: RosterRow[], problems: RowProblem[]): Promise<Plan> {
  const { people } = cx.app.core.stores;
  const out: Plan = { add: [], update: [], same: 0 };
  for (const row of rows) {
    const existing = await people.byHandle(team.id, row.handle);
    if (existing) {
      const patch = diff(row, existing, problems);
      if (Object.keys(patch).length) out.update.push({ row, person: existing, patch });
      else out.same++;
      continue;
    }
    const m = row.member;
    const holder = m.address ? await people.byAddress(m.address) : null;
    if (holder)
      problems.push({ line: row.line, column: 'slack_id', message: `already belongs to @${holder.handle}` });
    const tgHolder = m.telegramUsername ? await people.byTelegramUsername(m.telegramUsername) : null;
    if (tgHolder)
      problems.push({
        line: row.line,
        column: 'telegram_username',
        message: `already belongs to @${tgHolder.handle}`,
      });
    out.add.push(row);
  }
  await keepAnAdmin(cx, team, out, problems);
  return out;
}

/** The import may not take the admin role from every active admin (as `/team roles` may not). */
async function keepAnAdmin(cx: CliContext, team: Team, todo: Plan, problems: RowProblem[]): Promise<void> {
  const active = await cx.app.core.stores.people.listTeam(team.id, { activeOnly: true });
  const demoted = todo.update.filter(
    (u) => u.patch.roles && !u.patch.roles.map((r) => r.toLowerCase()).includes('admin'),
  );
  const stays = active.some((p) => hasRole(p, 'admin') && !demoted.some((u) => u.person.id === p.id));
  const added = todo.add.some((r) => r.member.roles.map((x) => x.toLowerCase()).includes('admin'));
  if (stays || added) return;
  for (const u of demoted.filter((d) => hasRole(d.person, 'admin')))
    problems.push({
      line: u.row.line,
      column: 'roles',
      message: `would leave "${team.name}" without an active admin: keep the admin role on someone`,
    });
}

/** The admin the import acts as: the team's first active admin (else a manager, who cannot add admins). */
async function actingAdmin(
  cx: CliContext,
  team: Team,
  rows: RosterRow[],
  problems: RowProblem[],
): Promise<Person> {
  const people = await cx.app.core.stores.people.listTeam(team.id, { activeOnly: true });
  const admin = people.find((p) => hasRole(p, 'admin')) ?? people.find((p) => hasRole(p, 'manager'));
  if (!admin)
    throw new CliError(
      `"${team.name}" has no active admin or manager to add people as: name one first with ` +
        `npm run baton -- admin set --team "${team.name}" <handle>`,
    );
  if (!hasRole(admin, 'admin'))
    for (const r of rows.filter((r) => r.member.roles.includes('admin')))
      problems.push({
        line: r.line,
        column: 'roles',
        message: `only an admin may add admins, and the team has none (name one with: admin set --team "${team.name}" <handle>)`,
      });
  return admin;
}

/**
 * `import-roster <file.csv> [--team <name>] [--slack-team T…]`: every row is checked first (the
 * `/team add` rules, duplicates in the file, accounts already taken, contact details that differ);
 * any problem is reported with its line and column and nothing is imported. Then, through the
 * use cases: an empty deployment gets its team set up with the first admin row as founder; new
 * people are added as the team's admin; changed roles, weight, cap, zone, language or name are
 * updated. People already as in the file are left alone, so re-running the same file changes nothing.
 */
export async function importRoster(
  cx: CliContext,
  file: string,
  opts: { team?: string; slackTeam?: string },
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const { rows, problems } = parseRoster(text, opts);
  const stores = cx.app.core.stores;
  const teams = await stores.teams.list();
  const ctx = (key: string, actorId?: string): Ctx => ({
    ...(actorId ? { actorId } : {}),
    source: 'cli',
    key: `cli:import:${key}`,
    now: cx.app.clock.now(),
  });
  let team: Team | undefined;
  let founder: RosterRow | undefined;
  let todo: Plan = { add: rows, update: [], same: 0 };
  let actor: Person | undefined;
  if (!teams.length) {
    if (!opts.team)
      throw new CliError('This deployment has no team yet: name it with --team "<team name>".', 2);
    founder = rows.find((r) => r.member.roles.includes('admin'));
    if (!founder && !problems.length)
      problems.push({
        line: 1,
        message: 'an empty deployment needs its first admin: give one row the admin role',
      });
  } else {
    team = await pickTeam(cx.app, opts.team);
    actor = await actingAdmin(cx, team, rows, problems);
    todo = await plan(cx, team, rows, problems);
  }
  const name = basename(file);
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    for (const p of problems) cx.say(describeProblem(name, p));
    cx.say(
      `Nothing was imported: fix ${problems.length === 1 ? 'this row' : 'these rows'} and run it again.`,
    );
    return 1;
  }
  if (founder) {
    const m = founder.member;
    const r = await setupTeam(
      cx.app.core,
      {
        teamName: opts.team!,
        founder: { address: m.address ?? '', name: m.name, username: founder.handle },
        member: { ...m, handle: founder.handle },
      },
      ctx(`setup:${opts.team!}`),
    );
    team = r.team;
    actor = r.admin;
    todo.add = rows.filter((r) => r !== founder);
    cx.say(`Created the team "${team.name}" with @${actor.handle} as its first admin.`);
  }
  for (const row of todo.add) await addMember(cx.app.core, row.member, ctx(`add:${row.handle}`, actor!.id));
  for (const u of todo.update)
    await updateMember(
      cx.app.core,
      { personId: u.person.id, patch: u.patch },
      ctx(`update:${u.row.handle}`, actor!.id),
    );
  cx.say(
    `${team!.name}: added ${todo.add.length + (founder ? 1 : 0)}, updated ${todo.update.length}, unchanged ${todo.same}.`,
  );
  return 0;
}
