import type { App } from '@slack/bolt';
import { SLASH_COMMANDS } from '../../constants.js';
import type { ListenerDeps } from '../deps.js';
import { commandListener } from './run-command.js';

/** `/team`: list the team, add members with roles, out of office, weight, cap, working hours. */
export function registerTeamCommand(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMANDS.team, commandListener(deps, 'team'));
}
