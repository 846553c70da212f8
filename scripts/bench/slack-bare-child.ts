/** B1's floor: a bare Bolt app that acknowledges /lead and posts one message. */
import bolt from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childSide } from './child.js';
import type { SlackChildConfig } from './slack-baton-child.js';

const side = childSide<SlackChildConfig & { channel: string }>();
try {
  const c = side.config;
  const app = new bolt.App({
    token: 'xoxb-bench',
    signingSecret: c.signingSecret,
    botId: c.identity.botId,
    botUserId: c.identity.botUserId,
    clientOptions: { slackApiUrl: c.apiUrl, retryConfig: { retries: 0 } },
    logLevel: bolt.LogLevel.ERROR,
  });
  app.command('/lead', async ({ ack, command, client }) => {
    await ack();
    await client.chat.postMessage({ channel: c.channel, text: `New lead: ${command.text}` });
  });
  const server = (await app.start(0)) as Server;
  side.ready((server.address() as AddressInfo).port);
} catch (err) {
  side.fail(err);
}
