import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerAppHomeOpened } from './app-home-opened.js';

/** Events API subscriptions of the manifest. */
export function register(app: App, deps: ListenerDeps): void {
  registerAppHomeOpened(app, deps);
}
