import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionId } from '../../../message.js';
import { actionIdPattern } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/** The actions this listener handles. */
export const ACTIONS = ['lead.claim'] as const satisfies readonly ActionId[];

/** Claim on a lead card: exactly one owner; a late click is told who has it. */
export function registerLeadClaim(app: App, deps: ListenerDeps): void {
  for (const id of ACTIONS) app.action<BlockAction<ButtonAction>>(actionIdPattern(id), actionListener(deps));
}
