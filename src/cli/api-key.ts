import { randomUUID } from 'node:crypto';
import { createApiKey } from '../core/integrations/api-keys.js';
import { pickTeam, type CliContext } from './cli-context.js';

/**
 * `api-key create --team NAME [--label TEXT]`: a key for the team's lead intake API, for an
 * operator wiring a form before anyone is in chat. The key is the last line of stdout (so a
 * script can take it with `tail -n 1`); it is not stored and cannot be shown again.
 */
export async function createApiKeyCli(
  cx: CliContext,
  opts: { team?: string; label?: string },
): Promise<number> {
  const team = await pickTeam(cx.app, opts.team);
  const { key, token } = await createApiKey(
    cx.app.core,
    { teamId: team.id, ...(opts.label ? { label: opts.label } : {}) },
    { source: 'cli', key: `cli:${randomUUID()}`, now: cx.app.clock.now() },
  );
  cx.stdout.write(
    `API key ${key.id} of "${team.name}"${key.label ? ` (${key.label})` : ''}: shown only now, store it.\n${token ?? ''}\n`,
  );
  return 0;
}
