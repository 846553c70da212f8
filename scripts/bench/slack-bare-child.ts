/**
 * B1's floor: the least a durable Slack bot does — Bolt verifies the signed request, one document
 * keyed by the command's trigger_id goes into the same database (a duplicate is a retry: acked,
 * not posted again), then the ack, then one message posted.
 */
import bolt from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase } from '../../src/store/database.js';
import { childSide } from './child.js';
import { FLOOR_COLLECTION, recordOnce } from './floor.js';
import type { SlackChildConfig } from './slack-baton-child.js';

const side = childSide<SlackChildConfig & { channel: string }>();
try {
  const c = side.config;
  const connection = await connectDatabase(c.mongodbUri, { dbName: c.dbName });
  const requests = connection.collection<{ _id: string; text: string; at: Date }>(FLOOR_COLLECTION);
  const app = new bolt.App({
    token: 'xoxb-bench',
    signingSecret: c.signingSecret,
    botId: c.identity.botId,
    botUserId: c.identity.botUserId,
    clientOptions: { slackApiUrl: c.apiUrl, retryConfig: { retries: 0 } },
    logLevel: bolt.LogLevel.ERROR,
  });
  app.command('/lead', async ({ ack, command, client }) => {
    const first = await recordOnce(
      requests,
      `slack:cmd:${command.team_id}:${command.trigger_id}`,
      command.text,
    );
    await ack();
    if (first) await client.chat.postMessage({ channel: c.channel, text: `New lead: ${command.text}` });
  });
  const server = (await app.start(0)) as Server;
  side.ready((server.address() as AddressInfo).port);
} catch (err) {
  side.fail(err);
}
