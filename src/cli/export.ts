import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Lead } from '../core/leads/lead.js';
import { CliError, pickTeam, type CliContext } from './cli-context.js';
import { ACCOUNT_COLUMNS, accountRow, EVENT_COLUMNS, eventRow } from './export-accounts-events.js';
import {
  DEAL_COLUMNS,
  dealRow,
  LEAD_COLUMNS,
  leadRow,
  PEOPLE_COLUMNS,
  personRow,
  type Row,
} from './export-rows.js';

export const EXPORT_KINDS = ['people', 'leads', 'deals', 'accounts', 'events'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * `export <people|leads|deals|accounts|events> [--out file.csv] [--team <name>]`: one CSV a CRM
 * can import (ISO times in UTC, amounts in major units with their currency, people by handle).
 * Contact data goes only into the file, never into logs or messages. `people` writes the roster
 * format that `import-roster` reads back as a no-op.
 */
export async function exportCsv(
  cx: CliContext,
  kind: string,
  opts: { team?: string; out?: string },
): Promise<number> {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind))
    throw new CliError(`export what? One of: ${EXPORT_KINDS.join(', ')}.`, 2);
  const stores = cx.app.core.stores;
  const team = await pickTeam(cx.app, opts.team);
  const people = await stores.people.listTeam(team.id);
  const handles = new Map(people.map((p) => [p.id, p.handle]));
  const who = (id: string | undefined) => (id ? (handles.get(id) ?? id) : '');
  // `scan` leaves contact details out (it feeds KPIs); an export reads each lead whole.
  const leads: Lead[] = [];
  if (kind !== 'people')
    for await (const l of stores.leads.scan(team.id)) {
      const whole = await stores.leads.get(l.id);
      if (whole) leads.push(whole);
    }
  leads.sort((a, b) => a.number - b.number);
  const byId = new Map<string, Lead>(leads.map((l) => [l.id, l]));
  let columns: string[];
  let rows: Row[];
  switch (kind as ExportKind) {
    case 'people':
      [columns, rows] = [PEOPLE_COLUMNS, people.map(personRow)];
      break;
    case 'leads':
      [columns, rows] = [LEAD_COLUMNS, leads.map((l) => leadRow(l, who))];
      break;
    case 'deals':
      [columns, rows] = [DEAL_COLUMNS, leads.map((l) => dealRow(l, who)).filter((r): r is Row => r !== null)];
      break;
    case 'accounts': {
      const accounts = await collect(stores.accounts.scan(team.id));
      [columns, rows] = [ACCOUNT_COLUMNS, accounts.map((a) => accountRow(a, byId.get(a.leadId), who))];
      break;
    }
    case 'events': {
      const events: { at: number; row: Row }[] = [];
      for (const l of leads)
        for (const e of await stores.leads.events(l.id))
          events.push({
            at: new Date(e.at).getTime(),
            row: eventRow(e, `L-${l.number}`, l.fields.company, who),
          });
      for (const a of await collect(stores.accounts.scan(team.id)))
        for (const e of await stores.accounts.events(a.id))
          events.push({ at: new Date(e.at).getTime(), row: eventRow(e, a.id, a.company, who) });
      [columns, rows] = [EVENT_COLUMNS, events.sort((x, y) => x.at - y.at).map((x) => x.row)];
      break;
    }
  }
  const csv = stringify(rows, { header: true, columns });
  if (opts.out) writeFileSync(opts.out, csv);
  else cx.stdout.write(csv);
  cx.say(`Exported ${rows.length} ${kind} of "${team.name}"${opts.out ? ` to ${opts.out}` : ''}.`);
  return 0;
}
