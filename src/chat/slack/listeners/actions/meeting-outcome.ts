import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionId } from '../../../message.js';
import { actionIdPattern } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/** The actions this listener handles. */
export const ACTIONS = [
  'meeting.held',
  'meeting.no_show',
  'meeting.reschedule',
] as const satisfies readonly ActionId[];

/** After a meeting: held, no-show (rotation credit back) or reschedule (a modal). */
export function registerMeetingOutcome(app: App, deps: ListenerDeps): void {
  for (const id of ACTIONS) app.action<BlockAction<ButtonAction>>(actionIdPattern(id), actionListener(deps));
}
