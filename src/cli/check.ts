import { ConfigError, loadConfig, type Config } from '../config.js';
import { openCliContext, type CliIo } from './cli-context.js';

function describe(config: Config, envFile: string | undefined): string[] {
  const s = config.slack;
  const t = config.telegram;
  return [
    `sources:   the environment${envFile ? ` and ${envFile} (the environment wins)` : ' (no .env in this directory)'}`,
    `database:  ${config.mongodbUri ? 'MONGODB_URI' : config.postgresUrl ? 'embedded FerretDB on PostgreSQL (POSTGRES_URL)' : `embedded FerretDB in ${config.dataDir} (MONGODB_URI unset)`}`,
    `slack:     ${s ? (s.mode === 'socket' ? 'Socket Mode (SLACK_APP_TOKEN)' : 'HTTP mode, POST /slack/events') : 'off (no SLACK_BOT_TOKEN)'}`,
    `telegram:  ${t ? (t.mode === 'webhook' ? `webhook ${t.webhookUrl ?? ''} → ${t.webhookPath}` : 'long polling') : 'off (no TELEGRAM_BOT_TOKEN)'}`,
    `console:   ${config.console ? 'on (npm start opens the console workspace)' : 'off'}`,
    `jobs:      ${config.runJobs ? 'this process runs scheduled jobs (RUN_JOBS=true)' : 'intake only (RUN_JOBS=false)'}`,
    `http:      ${config.http.host}:${config.http.port}`,
    `defaults:  ${config.defaults.timezone}, ${config.defaults.locale}; logs at ${config.logLevel}`,
  ];
}

/**
 * `check`: validates the configuration (every variable, naming each bad one), then opens and
 * pings the database and says what is in it. Exit code 0 when both are fine, 1 otherwise.
 * Secrets are never printed, only whether they are set.
 */
export async function check(io: CliIo, env?: Record<string, string | undefined>): Promise<number> {
  const say = (line: string) => io.stdout.write(line + '\n');
  let config: Config;
  try {
    config = env ? loadConfig(env) : loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    say('✗ configuration:');
    for (const p of err.problems) say(`    ${p.variable}: ${p.message}`);
    say('  See .env.example for every variable and its format.');
    return 1;
  }
  say('✓ configuration');
  for (const line of describe(config, io.envFile)) say(`    ${line}`);
  try {
    const cx = await openCliContext(config, io);
    try {
      if (!(await cx.db.ping(5000))) throw new Error('no answer to ping within 5 s');
      const stores = cx.app.core.stores;
      const teams = await stores.teams.list();
      const leads = await stores.leads.count();
      say(`✓ database: ${cx.db.description} answers`);
      say(
        `    ${teams.length} team${teams.length === 1 ? '' : 's'}, ${await stores.people.count()} people, ${leads} leads`,
      );
      for (const t of teams)
        say(`    team "${t.name}"${t.demo ? ' (demo data)' : ''}: ${t.timezone}, ${t.locale}, ${t.currency}`);
    } finally {
      await cx.close();
    }
  } catch (err) {
    say(`✗ database: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  return 0;
}
