import type { App } from '@slack/bolt';
import { SLASH_COMMANDS } from '../../constants.js';
import type { ListenerDeps } from '../deps.js';
import { commandListener } from './run-command.js';

/** `/kpi [period] [@person]`: the numbers of the digest, on demand. */
export function registerKpiCommand(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMANDS.kpi, commandListener(deps, 'kpi'));
}
