import type { TeamReport } from '../../core/kpi/report.js';
import type { Role } from '../../core/roster/person.js';
import { text, type Block } from '../message.js';
import type { DigestFormat } from './digest-sections.js';

type Row = TeamReport['people'][number];

/** Up to this many people, the team report lists everyone; above, leaders and laggards per role. */
export const LIST_ALL_UP_TO = 20;
/** Leaders (and laggards) shown per role in a big team's report. */
export const RANKED = 3;

/** "Anna: AE — 3 claimed, 1 won, win rate 33%": every number says what it counts. */
function personRow(f: DigestFormat, row: Row): string {
  const parts: string[] = [];
  const r = row.roles;
  if (r.sdr)
    parts.push(
      f.tr('digest.people.sdr', {
        created: r.sdr.current.leadsCreated,
        booked: r.sdr.current.meetingsBooked,
        held: r.sdr.current.meetingsHeld,
      }),
    );
  if (r.ae)
    parts.push(
      f.tr('digest.people.ae', {
        claimed: r.ae.current.claimed,
        won: r.ae.current.won,
        rate: f.pct(r.ae.current.winRate),
      }),
    );
  if (r.am)
    parts.push(
      f.tr('digest.people.am', { decided: r.am.current.decided, rate: f.pct(r.am.current.renewalRate) }),
    );
  return `${row.person.name}: ${parts.join(' · ')}`;
}

type RankedRole = 'sdr' | 'ae' | 'am';

/**
 * Each role's main KPI first, then what breaks its ties (higher is better throughout): SDRs by
 * meetings booked (then held, then leads created), AEs by deals won (then win rate, then leads
 * claimed), AMs by renewals kept — renewed or upsold — (then renewal rate, then fewer churns).
 */
const SCORE: Record<RankedRole, (r: Row) => number[] | undefined> = {
  sdr: (r) => {
    const s = r.roles.sdr?.current;
    return s && [s.meetingsBooked, s.meetingsHeld, s.leadsCreated];
  },
  ae: (r) => {
    const s = r.roles.ae?.current;
    return s && [s.won, s.winRate ?? -1, s.claimed];
  },
  am: (r) => {
    const s = r.roles.am?.current;
    return s && [s.renewed + s.upsold, s.renewalRate ?? -1, -s.churned];
  },
};

/** A ranked person's figures: "12 meetings booked · 9 held · 20 leads created". */
function figures(f: DigestFormat, role: RankedRole, row: Row): string {
  const r = row.roles;
  if (role === 'sdr')
    return f.tr('digest.rank.sdr', {
      booked: r.sdr!.current.meetingsBooked,
      held: r.sdr!.current.meetingsHeld,
      created: r.sdr!.current.leadsCreated,
    });
  if (role === 'ae')
    return f.tr('digest.rank.ae', {
      won: r.ae!.current.won,
      rate: f.pct(r.ae!.current.winRate),
      claimed: r.ae!.current.claimed,
    });
  return f.tr('digest.rank.am', {
    kept: r.am!.current.renewed + r.am!.current.upsold,
    rate: f.pct(r.am!.current.renewalRate),
    churned: r.am!.current.churned,
  });
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

/** The active holders of a role, best first (ties by name, so the order is stable). */
export function ranking(report: TeamReport, role: RankedRole): Row[] {
  return report.people
    .filter((r) => r.person.active && r.person.roles.includes(role as Role) && SCORE[role](r))
    .sort((a, b) => compare(SCORE[role](a)!, SCORE[role](b)!) || a.person.name.localeCompare(b.person.name));
}

/**
 * A role's leaders and laggards (everyone, ranked, when there are few enough). Equal figures
 * share a rank ("1, 1, 3"); when everyone's figures are equal, one line says so instead.
 */
function roleRanking(f: DigestFormat, report: TeamReport, role: RankedRole): Block[] {
  const ranked = ranking(report, role);
  if (!ranked.length) return [];
  const title = f.tr(`digest.rank.title.${role}`, { n: ranked.length });
  const block = (...lines: string[]): Block[] => [
    { type: 'text', text: [{ t: 'b', v: title }, text(`\n${lines.join('\n')}`)] },
  ];
  const score = SCORE[role];
  if (ranked.length > 1 && compare(score(ranked[0]!)!, score(ranked.at(-1)!)!) === 0)
    return block(f.tr('digest.rank.alike', { figures: figures(f, role, ranked[0]!) }));
  const ranks: number[] = [];
  ranked.forEach((r, i) => {
    const tied = i > 0 && compare(score(ranked[i - 1]!)!, score(r)!) === 0;
    ranks.push(tied ? ranks[i - 1]! : i + 1);
  });
  const line = (i: number) =>
    `${f.int(ranks[i]!)}. ${ranked[i]!.person.name} — ${figures(f, role, ranked[i]!)}`;
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));
  if (ranked.length <= 2 * RANKED) return block(...lines(0, ranked.length));
  return block(
    f.tr('digest.rank.top', { n: RANKED }),
    ...lines(0, RANKED),
    f.tr('digest.rank.bottom', { n: RANKED }),
    ...lines(ranked.length - RANKED, ranked.length),
  );
}

/**
 * The people part of a team report: everyone's line for a small team; for a bigger one the
 * leaders and laggards of each role by its main KPI, and a line on where the full table is
 * (`attached`: the CSV file that comes with this message, or else the morning team digest).
 */
export function peopleBlocks(f: DigestFormat, report: TeamReport, attached: boolean): Block[] {
  if (!report.people.length) return [];
  if (report.people.length <= LIST_ALL_UP_TO) {
    const rows = report.people.map((r) => personRow(f, r));
    return [
      { type: 'text', text: [{ t: 'b', v: f.tr('digest.people.title') }, text(`\n${rows.join('\n')}`)] },
    ];
  }
  const n = report.people.length;
  return [
    { type: 'text', text: [{ t: 'b', v: f.tr('digest.rank.heading', { n }) }] },
    ...(['sdr', 'ae', 'am'] as const).flatMap((role) => roleRanking(f, report, role)),
    {
      type: 'context',
      text: [text(f.tr(attached ? 'digest.rank.attached' : 'digest.rank.in_digest', { n }))],
    },
  ];
}

/** Whether the report needs its full table as a file (too many people to list in the message). */
export const needsTable = (report: TeamReport): boolean => report.people.length > LIST_ALL_UP_TO;
