import { DateTime } from 'luxon';
import type { KpiAccumulator } from '../../core/kpi/accumulator.js';
import { kpiAccumulator } from '../../core/kpi/compute-kpis.js';
import { digestPeriodKind, periodWindow, type Window } from '../../core/kpi/period.js';
import type { PersonReport, TeamReport } from '../../core/kpi/report.js';
import type { Stores } from '../../core/ports.js';
import type { Person } from '../../core/roster/person.js';
import type { Team } from '../../core/roster/team.js';
import { formatDate, isMessageKey } from '../i18n/i18n.js';
import { text, type Block, type Message } from '../message.js';
import type { DigestRenderer, KpiRenderer } from './notice-renderer.js';
import { funnelChartSvg, svgToPng } from './digest-chart.js';
import { needsTable, peopleBlocks } from './digest-people.js';
import { DigestFormat, funnelLines, roleBlocks } from './digest-sections.js';
import { teamTableCsv } from './team-table.js';

export type DigestRendererDeps = {
  stores: Pick<Stores, 'people' | 'teams' | 'leads' | 'accounts' | 'kpiFacts'>;
  /** Attach the funnel chart (PNG) to team digests (default true). */
  charts?: boolean;
  /** How long one team's numbers for one digest are reused across its recipients (default 10 min). */
  cacheMs?: number;
};

function periodLabel(f: DigestFormat, w: Window): string {
  if (w.kind === 'today' || w.kind === 'yesterday') return f.tr(`digest.period.${w.kind}`);
  return f.tr('digest.period.days', { n: w.days });
}

/** The team's numbers for the window (from its KPI facts). */
function accumulate(
  deps: DigestRendererDeps,
  team: Team,
  window: Window,
  now: Date,
): Promise<KpiAccumulator> {
  return kpiAccumulator(deps, team.id, team.currency, window, now);
}

/** One person's report as a message (the digest and `/kpi` share it). */
export function personReportMessage(
  f: DigestFormat,
  report: PersonReport,
  title: string,
  summary: string,
): Message {
  const roles = roleBlocks(f, report.roles);
  return {
    summary,
    blocks: [
      { type: 'header', text: title },
      { type: 'context', text: [text(f.tr('digest.compared', { period: periodLabel(f, report.window) }))] },
      ...(roles.length ? roles : [{ type: 'text' as const, text: [text(f.tr('digest.none'))] }]),
    ],
  };
}

/** Nothing happened in the window: no lead, offer, meeting, deal or renewal decision. */
function quiet(report: TeamReport): boolean {
  const { sdr, ae, am } = report.totals;
  return (
    sdr.current.leadsCreated + sdr.current.meetingsBooked + sdr.current.meetingsHeld + sdr.current.noShows ===
      0 &&
    ae.current.leadsOffered + ae.current.claimed + ae.current.won + ae.current.lost === 0 &&
    am.current.decided === 0
  );
}

/** A quiet day's team digest: one line, with what stands open, instead of a page of zeros. */
function quietTeamMessage(f: DigestFormat, report: TeamReport, title: string, summary: string): Message {
  const line = f.tr('digest.quiet', {
    period: periodLabel(f, report.window),
    open: report.totals.ae.now.openLeads,
    due: report.totals.am.now.renewalsDue,
  });
  return { summary, blocks: [{ type: 'text', text: [{ t: 'b', v: title }, text(` · ${line}`)] }] };
}

/**
 * The team's report as a message: totals per role, funnel, forecast, people (everyone in a small
 * team; leaders and laggards per role in a big one, with the full table as a CSV file when
 * `table` names it), and the chart.
 */
export function teamReportMessage(
  f: DigestFormat,
  report: TeamReport,
  title: string,
  summary: string,
  chart: boolean,
  table?: { name: string; title: string },
): Message {
  const fc = report.forecast;
  const rated = fc.stages.some((s) => s.rate !== null) || fc.renewals.rate !== null;
  const attach = table && needsTable(report) ? table : undefined;
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'context', text: [text(f.tr('digest.compared', { period: periodLabel(f, report.window) }))] },
    ...roleBlocks(f, report.totals),
    { type: 'divider' },
    {
      type: 'text',
      text: [
        { t: 'b', v: f.tr('digest.funnel.title') },
        text(`\n${funnelLines(f, report.funnel).join('\n')}`),
      ],
    },
    { type: 'text', text: [{ t: 'b', v: f.tr('digest.forecast.title') }] },
    {
      type: 'fields',
      fields: [
        { label: f.tr('digest.forecast.new'), value: [text(f.money(fc.expectedNewRevenue))] },
        { label: f.tr('digest.forecast.renewals'), value: [text(f.money(fc.expectedRenewalRevenue))] },
      ],
    },
  ];
  if (!rated)
    blocks.push({ type: 'context', text: [text(f.tr('digest.forecast.not_enough', { n: fc.minSample }))] });
  blocks.push(...peopleBlocks(f, report, Boolean(attach)));
  if (chart) {
    const stage = (s: string) => {
      const key = `digest.funnel.${s}`;
      return isMessageKey(key) ? f.tr(key) : key;
    };
    const svg = funnelChartSvg(report.funnel, {
      title: f.tr('digest.funnel.title'),
      current: f.tr('digest.chart.current'),
      previous: f.tr('digest.chart.previous'),
      stage,
      number: (n) => f.int(n),
    });
    const alt = f.tr('digest.chart.alt', {
      stages: report.funnel.current.stages.map((s) => `${stage(s.stage)} ${s.count}`).join(', '),
    });
    blocks.push({ type: 'image', png: svgToPng(svg), alt });
  }
  return { summary, blocks, ...(attach && { files: [teamTableCsv(f, report, attach.name, attach.title)] }) };
}

/**
 * The daily digest renderer (the notice renderer delegates `digest` notices to `digest`) and the
 * `/kpi` renderer with the same content. A digest reports on the team's `digestPeriod` as of the
 * digest's own slot (its date at the team's digest time), so every recipient of one team digest
 * sees the same window; one accumulation per team and date serves them all.
 */
export function createDigestRenderer(deps: DigestRendererDeps): { digest: DigestRenderer; kpi: KpiRenderer } {
  const cache = new Map<string, { at: number; acc: Promise<KpiAccumulator> }>();
  const ttl = deps.cacheMs ?? 10 * 60_000;
  const cached = (team: Team, window: Window, now: Date) => {
    const key = `${team.id}|${window.from.toISOString()}|${window.to.toISOString()}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttl) return hit.acc;
    for (const [k, v] of cache) if (Date.now() - v.at >= ttl) cache.delete(k);
    const acc = accumulate(deps, team, window, now);
    cache.set(key, { at: Date.now(), acc });
    acc.catch(() => cache.delete(key));
    return acc;
  };
  // The people and team of a digest being fanned out, as read for its first recipient: the
  // others' digests take them from here (a digest is one snapshot, like its numbers above).
  const roster = new Map<string, { at: number; person: Person; team: Team }>();
  let loading: Promise<unknown> = Promise.resolve();
  const rosterOf = async (personId: string) => {
    // Recipients rendered at once wait for a load in flight (likely their own team's).
    for (let seen: Promise<unknown> | undefined; seen !== loading;) {
      seen = loading;
      await seen;
    }
    const hit = roster.get(personId);
    if (hit && Date.now() - hit.at < ttl) return hit;
    for (const [k, v] of roster) if (Date.now() - v.at >= ttl) roster.delete(k);
    const load = (async () => {
      const person = await deps.stores.people.get(personId);
      const team = person ? await deps.stores.teams.get(person.teamId) : null;
      if (!person || !team) return null;
      const at = Date.now();
      for (const p of await deps.stores.people.listTeam(team.id)) roster.set(p.id, { at, person: p, team });
      return { at, person, team };
    })();
    loading = load.catch(() => undefined);
    return load;
  };
  return {
    async digest(notice, reader) {
      const found = await rosterOf(notice.body.personId);
      if (!found) return null;
      const { person, team } = found;
      const at = DateTime.fromISO(`${notice.body.date}T${team.digestTime}`, {
        zone: team.timezone,
      }).toJSDate();
      const window = periodWindow(digestPeriodKind(team.digestPeriod), at, team.timezone);
      const acc = await cached(team, window, at);
      const f = new DigestFormat(reader.locale);
      const date = formatDate(notice.body.date, reader.locale, team.timezone);
      if (notice.body.scope === 'person') {
        const title = f.tr('digest.title.person', { date });
        return personReportMessage(
          f,
          acc.personReport(person),
          title,
          f.tr('digest.summary.person', { date }),
        );
      }
      const members = [...roster.values()].filter((r) => r.team.id === team.id).map((r) => r.person);
      const report = acc.teamReport(
        team.id,
        members.length ? members : await deps.stores.people.listTeam(team.id),
      );
      const title = f.tr('digest.title.team', { date });
      if (quiet(report)) return quietTeamMessage(f, report, title, f.tr('digest.summary.team', { date }));
      const table = { name: `team-${notice.body.date}.csv`, title: f.tr('digest.csv.title', { date }) };
      const summary = f.tr('digest.summary.team', { date });
      return teamReportMessage(f, report, title, summary, deps.charts ?? true, table);
    },
    async kpi(s, req) {
      const window = periodWindow(req.period, s.now, s.team.timezone);
      const acc = await accumulate(deps, s.team, window, s.now);
      const f = new DigestFormat(s.kit.locale);
      const period = periodLabel(f, window);
      if (req.scope === 'team') {
        const report = acc.teamReport(s.team.id, await deps.stores.people.listTeam(s.team.id));
        const title = f.tr('digest.title.kpi_team', { period });
        return teamReportMessage(f, report, title, title, deps.charts ?? true);
      }
      const who = req.personId === s.person.id ? s.person : await deps.stores.people.get(req.personId);
      if (!who)
        return {
          summary: f.tr('digest.none'),
          blocks: [{ type: 'text', text: [text(f.tr('digest.none'))] }],
        };
      const title = f.tr('digest.title.kpi', { name: who.name, period });
      return personReportMessage(f, acc.personReport(who), title, title);
    },
  };
}
