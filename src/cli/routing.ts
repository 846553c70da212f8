import type { SkipReason } from '../core/leads/lead.js';
import type { Person } from '../core/roster/person.js';
import { poolName, previewTurns } from '../core/routing/route.js';
import { createKit, type Kit } from '../chat/render/kit.js';
import { pickTeam, type CliContext } from './cli-context.js';
import { showTime } from '../chat/render/show-time.js';

function skipText(kit: Kit, who: string, r: SkipReason): string {
  switch (r.code) {
    case 'out_of_office':
      return kit.tr('skip.out_of_office', { who, until: kit.date(new Date(r.until)) });
    case 'at_cap':
      return kit.tr('skip.at_cap', { who, open: r.open, cap: r.cap });
    case 'outside_hours':
      return kit.tr('skip.outside_hours', { who, start: r.start, end: r.end, zone: r.timezone });
    default:
      return kit.tr(`skip.${r.code}`, { who });
  }
}

const round = (n: number) => String(Math.round(n * 100) / 100);

/** One rotation (AEs for leads, AMs for won accounts): who is next and why, who is skipped and why. */
async function rotation(
  cx: CliContext,
  kit: Kit,
  people: Person[],
  role: 'ae' | 'am',
  teamId: string,
): Promise<string[]> {
  const stores = cx.app.core.stores;
  const team = (await stores.teams.get(teamId))!;
  const now = cx.app.clock.now();
  const turns = Math.max(5, people.filter((p) => p.roles.includes(role)).length);
  const preview = await previewTurns(cx.app.core, team, role, people, now, turns);
  const { eligible, skipped, load, order } = preview;
  const latest = await stores.rotation.latest(poolName(role, teamId));
  const what = role === 'ae' ? 'AE rotation (new leads)' : 'AM rotation (won accounts)';
  const lines = [`${what} — turn ${(latest?.seq ?? 0) + 1} next`];
  const name = (id: string) => `@${people.find((p) => p.id === id)?.handle ?? id}`;
  if (!eligible.length)
    lines.push('  next: nobody is eligible now, so it waits in the team queue and managers are told');
  else {
    // Routing's own turns played forward, each counted against its person's cap; none is taken.
    const then = order.slice(1).map(name);
    if (preview.queuedAfter) {
      const full = preview.queuedAfter.skipped
        .filter((s) => s.reason.code === 'at_cap')
        .map((s) => name(s.personId));
      then.push(`then nobody${full.length ? ` (${full.join(', ')} at cap)` : ''}: the team queue`);
    }
    lines.push(`  next: ${name(order[0]!)}${then.length ? `, then ${then.join(', ')}` : ''}`);
    const before = latest?.weights ?? {};
    const credit = (p: Person) => (before[p.id] ?? 0) + p.weight;
    const unit = role === 'ae' ? 'lead' : 'account';
    lines.push(
      `  why: weighted round robin — with this turn's weights added, ${name(order[0]!)} has the highest running credit ` +
        `(${eligible.map((p) => `${name(p.id)} ${round(credit(p))}`).join(', ')}; equal credits go by id); ` +
        `each ${unit} counts toward its ${role.toUpperCase()}'s cap`,
    );
    lines.push('  eligible:');
    for (const p of eligible) {
      const cap = p.cap === null ? 'no cap' : `cap ${p.cap}`;
      const n = load.get(p.id) ?? 0;
      const open = `${n} open ${role === 'ae' ? 'lead' : 'account'}${n === 1 ? '' : 's'}`;
      lines.push(`    ${name(p.id)} (${p.name}) — weight ${p.weight}, ${open}, ${cap}`);
    }
  }
  if (skipped.length) {
    lines.push('  skipped:');
    for (const s of skipped)
      lines.push(`    ${name(s.personId)}: ${skipText(kit, await kit.name(s.personId), s.reason)}`);
  }
  const out = people.filter((p) => p.roles.includes(role) && !p.active);
  if (out.length) lines.push(`  not in the rotation (inactive): ${out.map((p) => name(p.id)).join(', ')}`);
  return lines;
}

/**
 * `routing [--team <name>]`: the AE and AM rotations as routing sees them right now — who gets
 * the next lead or account and why, and who is skipped and why — computed with the routing
 * rules and the rotation's stored state, without taking a turn.
 */
export async function showRouting(cx: CliContext, opts: { team?: string }): Promise<number> {
  const team = await pickTeam(cx.app, opts.team);
  const people = await cx.app.core.stores.people.listTeam(team.id);
  const kit = createKit(cx.app.core.stores, { locale: 'en', timezone: team.timezone, platform: 'console' });
  const lines = [
    `Routing of "${team.name}" at ${showTime(cx.app.clock.now(), team.timezone)} (${cx.businessTime}).`,
    'A company that already has an owner (an open lead or an account) goes to that owner first.',
    team.routeWithinWorkingHours ? 'People outside their working hours are skipped.' : '',
    '',
    ...(await rotation(cx, kit, people, 'ae', team.id)),
    '',
    ...(await rotation(cx, kit, people, 'am', team.id)),
  ];
  cx.stdout.write(lines.filter((l, i) => l || i > 2).join('\n') + '\n');
  return 0;
}
