import type { Funnel } from '../../core/kpi/funnel.js';
import type { Compared, RoleSections } from '../../core/kpi/report.js';
import type { MoneyMap } from '../../core/kpi/stats.js';
import type { Locale } from '../../core/roster/team.js';
import { formatMinutes, money, t, type MessageKey, type Params } from '../i18n/i18n.js';
import { text, type Block, type Rich } from '../message.js';

type Field = { label: string; value: Rich };

/** Number formatting for one reader. */
export class DigestFormat {
  constructor(readonly locale: Locale) {}
  tr = (key: MessageKey, params?: Params) => t(this.locale, key, params);

  int(n: number): string {
    return new Intl.NumberFormat(this.locale).format(n);
  }
  pct(r: number | null): string {
    return r === null ? '—' : `${Math.round(r * 100)}%`;
  }
  money(m: MoneyMap): string {
    const parts = Object.entries(m)
      .filter(([, amount]) => amount !== 0)
      .map(([currency, amount]) => money({ amount: Math.round(amount), currency }, this.locale));
    return parts.length ? parts.join(' · ') : '—';
  }
  /** "▲3", "▼2" or "" for no change. */
  delta(cur: number, prev: number): string {
    const d = cur - prev;
    return d === 0 ? '' : `${d > 0 ? '▲' : '▼'}${this.int(Math.abs(d))}`;
  }
  count(c: { current: number; previous: number }): Rich {
    const d = this.delta(c.current, c.previous);
    return [text(this.int(c.current) + (d ? ` (${d})` : ''))];
  }
  rate(cur: number | null, prev: number | null): Rich {
    if (cur === null || prev === null) return [text(this.pct(cur))];
    const d = Math.round(cur * 100) - Math.round(prev * 100);
    const delta = d === 0 ? '' : ` (${d > 0 ? '▲' : '▼'}${Math.abs(d)} ${this.tr('digest.pp')})`;
    return [text(this.pct(cur) + delta)];
  }
}

const pick = <T, K extends keyof T>(c: Compared<T>, k: K) => ({
  current: c.current[k],
  previous: c.previous[k],
});

/** The fields of each role section the report has, as label/value pairs. */
export function roleBlocks(f: DigestFormat, roles: RoleSections): Block[] {
  const blocks: Block[] = [];
  const section = (title: string, fields: Field[]) => {
    blocks.push({ type: 'text', text: [{ t: 'b', v: title }] }, { type: 'fields', fields });
  };
  if (roles.sdr) {
    const s = roles.sdr;
    section(f.tr('digest.section.sdr'), [
      { label: f.tr('digest.sdr.leads_created'), value: f.count(pick(s, 'leadsCreated')) },
      { label: f.tr('digest.sdr.meetings_booked'), value: f.count(pick(s, 'meetingsBooked')) },
      { label: f.tr('digest.sdr.meetings_held'), value: f.count(pick(s, 'meetingsHeld')) },
      { label: f.tr('digest.sdr.show_rate'), value: f.rate(s.current.showRate, s.previous.showRate) },
      {
        label: f.tr('digest.sdr.lead_to_meeting'),
        value: f.rate(s.current.leadToMeeting, s.previous.leadToMeeting),
      },
    ]);
  }
  if (roles.ae) {
    const a = roles.ae;
    const speed = a.current.speedToClaim.medianMinutes;
    section(f.tr('digest.section.ae'), [
      { label: f.tr('digest.ae.offers'), value: f.count(pick(a, 'leadsOffered')) },
      { label: f.tr('digest.ae.claimed'), value: f.count(pick(a, 'claimed')) },
      {
        label: f.tr('digest.ae.speed'),
        value: [text(speed === null ? f.tr('digest.minutes_none') : formatMinutes(speed, f.locale))],
      },
      {
        label: f.tr('digest.ae.won_lost'),
        value: [text(`${f.int(a.current.won)} / ${f.int(a.current.lost)}`)],
      },
      { label: f.tr('digest.ae.win_rate'), value: f.rate(a.current.winRate, a.previous.winRate) },
      { label: f.tr('digest.ae.booked'), value: [text(f.money(a.current.bookedValue))] },
      { label: f.tr('digest.ae.average_deal'), value: [text(f.money(a.current.averageDealSize))] },
      {
        label: f.tr('digest.ae.pipeline'),
        value: [
          text(f.tr('digest.ae.pipeline_value', { value: f.money(a.now.openPipeline), n: a.now.openLeads })),
        ],
      },
      { label: f.tr('digest.ae.ltv'), value: [text(f.money(a.now.lifetimeValue))] },
    ]);
  }
  if (roles.am) {
    const m = roles.am;
    // A percentage needs no currency; only when contracts are in several is each one named.
    const retention = Object.entries(m.current.netRevenueRetention);
    const nrr = retention.map(([c, r]) => (retention.length > 1 ? `${f.pct(r)} (${c})` : f.pct(r)));
    section(f.tr('digest.section.am'), [
      {
        label: f.tr('digest.am.decisions'),
        value: [
          text([m.current.renewed, m.current.upsold, m.current.churned].map((n) => f.int(n)).join(' / ')),
        ],
      },
      { label: f.tr('digest.am.renewal_rate'), value: f.rate(m.current.renewalRate, m.previous.renewalRate) },
      { label: f.tr('digest.am.nrr'), value: [text(nrr.length ? nrr.join(' · ') : '—')] },
      { label: f.tr('digest.am.expansion'), value: [text(f.money(m.current.expansion))] },
      {
        label: f.tr('digest.am.due'),
        value: [
          text(
            f.tr('digest.am.due_value', {
              n: m.now.renewalsDue,
              value: f.money(m.now.renewalsDueValue),
              overdue: m.now.overdue,
            }),
          ),
        ],
      },
    ]);
  }
  return blocks;
}

/** The funnel as lines: "Claimed: 8 (67%)". */
export function funnelLines(f: DigestFormat, funnel: Compared<Funnel>): string[] {
  return funnel.current.stages.map((s, i) => {
    const prev = funnel.previous.stages[i]?.count ?? 0;
    const d = f.delta(s.count, prev);
    const conversion = s.fromPrevious === null ? '' : ` · ${f.pct(s.fromPrevious)}`;
    return f.tr('digest.funnel.line', {
      stage: f.tr(`digest.funnel.${s.stage}`),
      count: f.int(s.count) + (d ? ` (${d})` : ''),
      conversion,
    });
  });
}
