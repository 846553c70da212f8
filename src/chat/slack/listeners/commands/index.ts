import type { App } from '@slack/bolt';
import { COMMANDS } from '../../../interactions/commands.js';
import type { ListenerDeps } from '../deps.js';
import { commandListener } from './run-command.js';

/** Every slash command of the manifest: each command with a `slash` part, through the one listener. */
export function register(app: App, deps: ListenerDeps): void {
  for (const c of COMMANDS) if (c.slash) app.command(`/${c.name}`, commandListener(deps, c.name));
}
