import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { listAdmins, setAdmin } from './admin.js';
import { createApiKeyCli } from './api-key.js';
import { check } from './check.js';
import { CliError, openCliContext, type CliContext, type CliIo } from './cli-context.js';
import { digestNow } from './digest-now.js';
import { EXPORT_KINDS, exportCsv } from './export.js';
import { importRoster } from './import-roster.js';
import { kpiRebuild } from './kpi-rebuild.js';
import { showRouting } from './routing.js';

export const USAGE = `Baton operator CLI:  npm run baton -- <command>

  import-roster <file.csv> [--team <name>] [--slack-team T0123]
        add and update people from a roster (columns: name, handle, roles, email, slack_id,
        telegram_username, timezone, locale, weight, cap); every row is checked first and a
        file with any bad row imports nothing. In an empty deployment it creates the team
        (--team names it) with the first admin row as its founder. Re-running is a no-op.
  export <${EXPORT_KINDS.join('|')}> [--out file.csv] [--team <name>]
        CSV for a CRM (stdout unless --out); "people" is the roster format import-roster reads.
  routing [--team <name>]   who gets the next lead / account and why, who is skipped and why
  digest now [--team <name>]   queue today's digests now; the running bot delivers them
  kpi rebuild [--team <name>]   recompute the KPI facts from the leads and accounts (every
        team without --team); idempotent, and safe while the bot runs
  admin list [--team <name>]   the team's admins
  admin set [--team <name>] <handle>
        make a member an admin (reactivating them if needed): for a team whose last admin
        left or lost the role — in chat the last active admin cannot be removed
  api-key create [--team <name>] [--label <text>]
        a key for the team's lead intake API (POST /api/v1/leads); the key is the last line
        printed, shown only this once (revoke keys in chat: /team api-key revoke)
  check                     validate the configuration and ping the database (exit 0/1)

Configuration comes from the environment, as for npm start (see .env.example).`;

type Options = { team?: string; out?: string; 'slack-team'?: string; label?: string; help?: boolean };

/** Runs one CLI command; resolves with the process exit code. `env`, when given, is read instead of the process environment (tests). */
export async function runCli(
  argv: string[],
  io: CliIo,
  env?: Record<string, string | undefined>,
): Promise<number> {
  let positionals: string[];
  let values: Options;
  try {
    ({ positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        out: { type: 'string' },
        'slack-team': { type: 'string' },
        label: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...args] = positionals;
  if (!command || values.help || command === 'help') {
    io.stdout.write(USAGE + '\n');
    return command || values.help ? 0 : 2;
  }
  if (command === 'check') return check(io, env);
  const run = commandFor(command, args, values);
  if (!run) {
    io.stderr.write(`Unknown command "${[command, ...args].join(' ')}".\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = env ? loadConfig(env) : loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`baton: ${err.message}\nSee .env.example for every variable and its format.\n`);
    return 1;
  }
  let cx: CliContext | undefined;
  try {
    cx = await openCliContext(config, io);
    return await run(cx);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(err.message + '\n');
      return err.exitCode;
    }
    io.stderr.write(`baton: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await cx?.close();
  }
}

function commandFor(
  command: string,
  args: string[],
  o: Options,
): ((cx: CliContext) => Promise<number>) | undefined {
  const team = o.team ? { team: o.team } : {};
  switch (command) {
    case 'import-roster':
      if (args.length !== 1) return undefined;
      return (cx) =>
        importRoster(cx, args[0]!, { ...team, ...(o['slack-team'] ? { slackTeam: o['slack-team'] } : {}) });
    case 'export':
      if (args.length !== 1) return undefined;
      return (cx) => exportCsv(cx, args[0]!, { ...team, ...(o.out ? { out: o.out } : {}) });
    case 'routing':
      return args.length ? undefined : (cx) => showRouting(cx, team);
    case 'admin':
      if (args[0] === 'list' && args.length === 1) return (cx) => listAdmins(cx, team);
      if (args[0] === 'set' && args.length === 2) return (cx) => setAdmin(cx, args[1]!, team);
      return undefined;
    case 'api-key':
      if (args.length !== 1 || args[0] !== 'create') return undefined;
      return (cx) => createApiKeyCli(cx, { ...team, ...(o.label ? { label: o.label } : {}) });
    case 'digest':
      return args.length === 1 && args[0] === 'now' ? (cx) => digestNow(cx, team) : undefined;
    case 'kpi':
      return args.length === 1 && args[0] === 'rebuild' ? (cx) => kpiRebuild(cx, team) : undefined;
    default:
      return undefined;
  }
}
