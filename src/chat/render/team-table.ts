import { stringify } from 'csv-stringify/sync';
import type { TeamReport } from '../../core/kpi/report.js';
import type { MoneyMap } from '../../core/kpi/stats.js';
import { minorDigits } from '../../core/money.js';
import '../i18n/en/messages.js';
import '../i18n/ru/messages.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { MessageFile } from '../message.js';
import type { DigestFormat } from './digest-sections.js';

type Row = TeamReport['people'][number];
type Cell = string | number;

/** The CSV headers' catalog keys, without their `digest.csv.` prefix. */
type CsvKey = MessageKey extends infer K ? (K extends `digest.csv.${infer C}` ? C : never) : never;

/** A column: its header key (`digest.csv.<key>`) and its cell for a row ('' when it does not apply). */
type Column = { key: CsvKey; param?: Record<string, string>; cell: (r: Row) => Cell };

/** A rate as a whole percentage, or empty when there is nothing to rate. */
const pct = (r: number | null | undefined): Cell =>
  r === null || r === undefined ? '' : Math.round(r * 100);

/** An amount in major units with the currency's digits ("25000.00"), as spreadsheets and CRMs read it. */
const amount = (m: MoneyMap | undefined, currency: string): Cell => {
  const minor = m?.[currency];
  if (minor === undefined) return '';
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
};

/** Every currency any row has money in: the team's first, then the others alphabetically. */
function currenciesOf(report: TeamReport): string[] {
  const seen = new Set<string>();
  for (const { roles: r } of report.people)
    for (const m of [
      r.ae?.current.bookedValue,
      r.ae?.current.averageDealSize,
      r.ae?.now.openPipeline,
      r.am?.current.expansion,
      r.am?.now.renewalsDueValue,
    ])
      for (const c of Object.keys(m ?? {})) seen.add(c);
  seen.delete(report.currency);
  return [report.currency, ...[...seen].sort()];
}

function columns(f: DigestFormat, report: TeamReport): Column[] {
  const money = (key: CsvKey, get: (r: Row) => MoneyMap | undefined): Column[] =>
    currenciesOf(report).map((currency) => ({
      key,
      param: { currency },
      cell: (r) => (get(r) ? amount(get(r), currency) || '0' : ''),
    }));
  const sdr = (get: (s: NonNullable<Row['roles']['sdr']>) => Cell) => (r: Row) =>
    r.roles.sdr ? get(r.roles.sdr) : '';
  const ae = (get: (s: NonNullable<Row['roles']['ae']>) => Cell) => (r: Row) =>
    r.roles.ae ? get(r.roles.ae) : '';
  const am = (get: (s: NonNullable<Row['roles']['am']>) => Cell) => (r: Row) =>
    r.roles.am ? get(r.roles.am) : '';
  return [
    { key: 'name', cell: (r) => r.person.name },
    { key: 'handle', cell: (r) => r.person.handle },
    { key: 'roles', cell: (r) => r.person.roles.map((role) => f.tr(`role.${role}`)).join(', ') },
    { key: 'sdr_leads_created', cell: sdr((s) => s.current.leadsCreated) },
    { key: 'sdr_meetings_booked', cell: sdr((s) => s.current.meetingsBooked) },
    { key: 'sdr_meetings_held', cell: sdr((s) => s.current.meetingsHeld) },
    { key: 'sdr_no_shows', cell: sdr((s) => s.current.noShows) },
    { key: 'sdr_show_rate', cell: sdr((s) => pct(s.current.showRate)) },
    { key: 'sdr_lead_to_meeting', cell: sdr((s) => pct(s.current.leadToMeeting)) },
    { key: 'ae_offered', cell: ae((s) => s.current.leadsOffered) },
    { key: 'ae_claimed', cell: ae((s) => s.current.claimed) },
    {
      key: 'ae_speed',
      cell: ae((s) => {
        const m = s.current.speedToClaim.medianMinutes;
        return m === null ? '' : m.toFixed(1);
      }),
    },
    { key: 'ae_won', cell: ae((s) => s.current.won) },
    { key: 'ae_lost', cell: ae((s) => s.current.lost) },
    { key: 'ae_win_rate', cell: ae((s) => pct(s.current.winRate)) },
    ...money('ae_booked', (r) => r.roles.ae?.current.bookedValue),
    ...money('ae_average_deal', (r) => r.roles.ae?.current.averageDealSize),
    { key: 'ae_open_leads', cell: ae((s) => s.now.openLeads) },
    ...money('ae_pipeline', (r) => r.roles.ae?.now.openPipeline),
    { key: 'am_renewed', cell: am((s) => s.current.renewed) },
    { key: 'am_upsold', cell: am((s) => s.current.upsold) },
    { key: 'am_churned', cell: am((s) => s.current.churned) },
    { key: 'am_renewal_rate', cell: am((s) => pct(s.current.renewalRate)) },
    ...money('am_expansion', (r) => r.roles.am?.current.expansion),
    { key: 'am_due', cell: am((s) => s.now.renewalsDue) },
    { key: 'am_overdue', cell: am((s) => s.now.overdue) },
    ...money('am_due_value', (r) => r.roles.am?.now.renewalsDueValue),
  ];
}

/**
 * The team report's full per-person table as a CSV file: one row per person, their numbers for
 * the report's window in each role they have a section in (cells of other roles empty), headers
 * in the reader's language. Rates are whole percentages, amounts decimals in major units with a
 * column per currency, speed to claim in minutes; a UTF-8 byte order mark lets spreadsheet apps
 * read non-Latin names.
 */
export function teamTableCsv(f: DigestFormat, report: TeamReport, name: string, title: string): MessageFile {
  const cols = columns(f, report);
  const header = cols.map((c) => f.tr(`digest.csv.${c.key}`, c.param));
  const byName = [...report.people].sort((a, b) => a.person.name.localeCompare(b.person.name, f.locale));
  const rows = byName.map((r) => cols.map((c) => c.cell(r)));
  const csv = stringify([header, ...rows], { bom: true, record_delimiter: '\r\n' });
  return { name, title, mime: 'text/csv', bytes: new TextEncoder().encode(csv) };
}
