import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionId } from '../../../message.js';
import { actionIdPattern } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/** The actions this listener handles. */
export const ACTIONS = ['deal.won', 'deal.lost'] as const satisfies readonly ActionId[];

/** Won (a modal: amount, currency, term, start date) or lost (a modal: reason). */
export function registerDealOutcome(app: App, deps: ListenerDeps): void {
  for (const id of ACTIONS) app.action<BlockAction<ButtonAction>>(actionIdPattern(id), actionListener(deps));
}
