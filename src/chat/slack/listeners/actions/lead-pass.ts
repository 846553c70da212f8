import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionId } from '../../../message.js';
import { actionIdPattern } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/** The actions this listener handles. */
export const ACTIONS = ['lead.pass'] as const satisfies readonly ActionId[];

/** Pass on an offered lead (the interactions layer may ask for a reason with a modal). */
export function registerLeadPass(app: App, deps: ListenerDeps): void {
  for (const id of ACTIONS) app.action<BlockAction<ButtonAction>>(actionIdPattern(id), actionListener(deps));
}
