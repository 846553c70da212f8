import type { App } from '@slack/bolt';
import { SLASH_COMMANDS } from '../../constants.js';
import type { ListenerDeps } from '../deps.js';
import { commandListener } from './run-command.js';

/** `/lead`: the quick syntax (`/lead help`), sub-commands on a lead, or with no text the lead modal. */
export function registerLeadCommand(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMANDS.lead, commandListener(deps, 'lead'));
}
