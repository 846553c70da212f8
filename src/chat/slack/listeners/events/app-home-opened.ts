import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Inbound } from '../../../interactions/types.js';
import { LIMITS, toSlackMessage } from '../../blocks.js';
import type { ListenerDeps } from '../deps.js';
import { completeQuietly } from '../record-then-ack.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The Home tab: the person's queue (offered, claimed, meetings today, renewals due), published
 * each time they open it. Bolt acknowledges events itself; the journal (keyed by `event_id`)
 * skips a redelivered event.
 */
export function registerAppHomeOpened(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }: HomeArgs) => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id;
    const key = `slack:evt:${teamId}:${body.event_id}`;
    if (
      !(await deps.journal.begin(key, {
        platform: 'slack',
        kind: 'event',
        type: event.type,
        user: event.user,
        team: teamId,
      }))
    ) {
      deps.log.info({ key }, 'slack: repeated event skipped');
      return;
    }
    const speaker = await deps.speakers.speaker(teamId, event.user);
    const inb: Inbound = { speaker, key };
    const message = await deps.interactions.home(inb);
    const { blocks } = toSlackMessage(message, { teamId, maxBlocks: LIMITS.viewBlocks });
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
    await completeQuietly(deps.journal, key, deps.log);
  });
}
