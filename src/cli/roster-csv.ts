import { parse } from 'csv-parse/sync';
import type { FieldIssue } from '../core/errors.js';
import { normalizeHandle } from '../core/roster/person.js';
import { handleOf, memberInputIssues, type MemberInput } from '../core/roster/add-member.js';

/** The roster file's columns, in the order `export people` writes them. */
export const ROSTER_COLUMNS = [
  'name',
  'handle',
  'roles',
  'email',
  'slack_id',
  'telegram_username',
  'timezone',
  'locale',
  'weight',
  'cap',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** One valid row: the member as the use cases take it, and where it came from. */
export type RosterRow = { line: number; handle: string; member: MemberInput };

/** A bad cell (or row): the file's line, the column, and what is wrong. */
export type RowProblem = { line: number; column?: RosterColumn; message: string };

const COLUMN_OF: Record<string, RosterColumn> = {
  name: 'name',
  handle: 'handle',
  roles: 'roles',
  email: 'email',
  telegramUsername: 'telegram_username',
  timezone: 'timezone',
  locale: 'locale',
  weight: 'weight',
  cap: 'cap',
};

const SLACK_ID = /^(?:slack:)?([TE][A-Z0-9]+):([UW][A-Z0-9]+)$/;

/** "line 4, column roles (3): …" — how the CLI names a problem. */
export function describeProblem(file: string, p: RowProblem): string {
  const col = p.column ? `, column ${p.column} (${ROSTER_COLUMNS.indexOf(p.column) + 1})` : '';
  return `${file}: line ${p.line}${col}: ${p.message}`;
}

/** A Slack member id as a Baton address: `T0123:U0456` (workspace:user), or `U0456` with `--slack-team`. */
function slackAddress(raw: string, slackTeam: string | undefined): string | null {
  const id = raw.trim().toUpperCase();
  const full = SLACK_ID.exec(id);
  if (full) return `slack:${full[1]}:${full[2]}`;
  if (slackTeam && /^[UW][A-Z0-9]+$/.test(id)) return `slack:${slackTeam.trim().toUpperCase()}:${id}`;
  return null;
}

function rowFrom(
  cells: Record<string, string>,
  line: number,
  slackTeam: string | undefined,
): { row?: RosterRow; problems: RowProblem[] } {
  const get = (c: RosterColumn) => cells[c]?.trim() ?? '';
  const opt = (c: RosterColumn) => get(c) || undefined;
  const problems: RowProblem[] = [];
  const num = (c: 'weight' | 'cap'): number | undefined => {
    const v = get(c);
    if (!v || (c === 'cap' && v.toLowerCase() === 'none')) return undefined;
    const n = Number(v.replace(',', '.'));
    if (Number.isNaN(n)) problems.push({ line, column: c, message: `"${v}" is not a number` });
    return Number.isNaN(n) ? undefined : n;
  };
  let address: string | undefined;
  if (get('slack_id')) {
    address = slackAddress(get('slack_id'), slackTeam) ?? undefined;
    if (!address)
      problems.push({
        line,
        column: 'slack_id',
        message:
          'give the Slack workspace and member id as T0123ABC:U0456DEF (or pass --slack-team T0123ABC)',
      });
  }
  const member: MemberInput = {
    name: get('name'),
    roles: get('roles')
      .split(/[\s,;|+]+/)
      .filter(Boolean),
    ...(opt('handle') ? { handle: normalizeHandle(get('handle')) } : {}),
    ...(opt('email') ? { email: get('email') } : {}),
    ...(address ? { address } : {}),
    ...(opt('telegram_username') ? { telegramUsername: normalizeHandle(get('telegram_username')) } : {}),
    ...(opt('timezone') ? { timezone: get('timezone') } : {}),
    ...(opt('locale') ? { locale: get('locale').toLowerCase() } : {}),
  };
  const weight = num('weight');
  const cap = num('cap');
  if (weight !== undefined) member.weight = weight;
  if (cap !== undefined) member.cap = cap;
  const issues: FieldIssue[] = memberInputIssues(member);
  for (const i of issues) problems.push({ line, column: COLUMN_OF[i.field] ?? 'name', message: i.message });
  return problems.length ? { problems } : { row: { line, handle: handleOf(member), member }, problems };
}

/**
 * Reads a roster CSV (header row with the columns above; name and roles required) and checks
 * every row with the same rules as `/team add`, without touching the database. Problems name the
 * file's line and the column; rows that repeat a handle, Slack id or Telegram username are flagged.
 */
export function parseRoster(
  text: string,
  opts: { slackTeam?: string } = {},
): { rows: RosterRow[]; problems: RowProblem[] } {
  type Parsed = { record: Record<string, string>; info: { lines: number } };
  let records: Parsed[];
  let header: string[] = [];
  const heading = (c: string) =>
    c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
  try {
    records = parse<Parsed>(text, {
      bom: true,
      columns: (h: string[]) => (header = h.map(heading)),
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, message: `not a valid CSV file: ${e.message}` }] };
  }
  const problems: RowProblem[] = [];
  const unknown = header.filter((c) => !(ROSTER_COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    problems.push({
      line: 1,
      message: `unknown column ${unknown.join(', ')} (columns: ${ROSTER_COLUMNS.join(', ')})`,
    });
  for (const c of ['name', 'roles'] as const)
    if (!header.includes(c)) problems.push({ line: 1, message: `the header has no "${c}" column` });
  if (problems.length) return { rows: [], problems };
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const r = rowFrom(record, info.lines, opts.slackTeam);
    problems.push(...r.problems);
    if (!r.row) continue;
    const m = r.row.member;
    for (const [column, key] of [
      ['handle', `handle:${r.row.handle}`],
      ['slack_id', m.address && `slack:${m.address}`],
      ['telegram_username', m.telegramUsername && `tg:${m.telegramUsername}`],
    ] as const) {
      if (!key) continue;
      const first = seen.get(key);
      if (first) problems.push({ line: info.lines, column, message: `same as on line ${first}` });
      else seen.set(key, info.lines);
    }
    rows.push(r.row);
  }
  return { rows, problems };
}
