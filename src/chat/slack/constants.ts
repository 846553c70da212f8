/** The HTTP path Slack posts commands, interactions and events to. */
export const SLACK_EVENTS_PATH = '/slack/events';

export { FORM_CALLBACK_ID } from './forms-to-modal.js';
