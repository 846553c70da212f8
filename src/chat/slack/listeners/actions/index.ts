import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_ID_PATTERN } from '../../action-codec.js';
import type { ListenerDeps } from '../deps.js';
import { actionListener } from './run-action.js';

/**
 * Every button Baton puts in a message: one listener on the action codec's pattern. The listener
 * decodes the action and the interactions layer dispatches on its id (`runAction`, a switch the
 * compiler holds to every `ActionId`), so a new button needs no listener of its own.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_ID_PATTERN, actionListener(deps));
}
