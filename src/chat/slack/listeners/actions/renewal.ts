import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionId } from '../../../message.js';
import { actionIdPattern } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/** The actions this listener handles. */
export const ACTIONS = [
  'renewal.on_it',
  'renewal.renewed',
  'renewal.upsold',
  'renewal.churned',
] as const satisfies readonly ActionId[];

/** Renewal nudges: on it, renewed, upsold, churned. */
export function registerRenewal(app: App, deps: ListenerDeps): void {
  for (const id of ACTIONS) app.action<BlockAction<ButtonAction>>(actionIdPattern(id), actionListener(deps));
}
