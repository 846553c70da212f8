import type { App } from '@slack/bolt';
import { SLASH_COMMANDS } from '../../constants.js';
import type { ListenerDeps } from '../deps.js';
import { commandListener } from './run-command.js';

/** `/meeting`: book a meeting for one of the SDR's open leads (with no text: the modal). */
export function registerMeetingCommand(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMANDS.meeting, commandListener(deps, 'meeting'));
}
