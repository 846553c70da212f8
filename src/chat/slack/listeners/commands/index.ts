import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerKpiCommand } from './kpi.js';
import { registerLeadCommand } from './lead.js';
import { registerMeetingCommand } from './meeting.js';
import { registerTeamCommand } from './team.js';

/** Every slash command of the manifest. */
export function register(app: App, deps: ListenerDeps): void {
  registerLeadCommand(app, deps);
  registerMeetingCommand(app, deps);
  registerTeamCommand(app, deps);
  registerKpiCommand(app, deps);
}
