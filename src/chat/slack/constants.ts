import type { CommandName } from '../interactions/types.js';

/** The slash commands of the app manifest, by the interactions command they run. */
export const SLASH_COMMANDS = {
  lead: '/lead',
  meeting: '/meeting',
  team: '/team',
  kpi: '/kpi',
} as const satisfies Partial<Record<CommandName, string>>;

/** The HTTP path Slack posts commands, interactions and events to. */
export const SLACK_EVENTS_PATH = '/slack/events';

export { FORM_CALLBACK_ID } from './forms-to-modal.js';
