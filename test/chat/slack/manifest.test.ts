// The Slack app manifest people paste (src/chat/slack/manifest.json) against the command specs:
// its slash commands are the ones the specs describe, in the catalogs' English words (written by
// `npm run gen:slack-manifest`), every request goes to the one events path, and the real Bolt app
// answers each listed command with that command.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { t } from '../../../src/chat/i18n/i18n.js';
import { COMMANDS } from '../../../src/chat/interactions/commands.js';
import type { Interactions } from '../../../src/chat/interactions/interactions.js';
import { createSlackApp } from '../../../src/chat/slack/create-slack-app.js';
import { SLACK_EVENTS_PATH } from '../../../src/chat/slack/constants.js';
import { MANIFEST_HOST, manifestSlashCommands } from '../../../src/chat/slack/manifest.js';
import { createHttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { createMongoJournal } from '../../../src/store/mongo-journal.js';
import {
  createFakeSlack,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
  type FakeSlack,
} from '../../fakes/slack/index.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

type Manifest = {
  features: { slash_commands: { command: string; url: string; description: string; usage_hint: string }[] };
  settings: { event_subscriptions: { request_url: string }; interactivity: { request_url: string } };
};

const manifest = JSON.parse(
  readFileSync(new URL('../../../src/chat/slack/manifest.json', import.meta.url), 'utf8'),
) as Manifest;

describe('the Slack app manifest', () => {
  it('lists the slash commands the command specs describe (npm run gen:slack-manifest writes them)', () => {
    // Out of date? Run `npm run gen:slack-manifest` and commit the manifest.
    expect(manifest.features.slash_commands).toEqual(manifestSlashCommands());
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(
      COMMANDS.filter((c) => c.slash).map((c) => `/${c.name}`),
    );
    const lead = manifest.features.slash_commands.find((c) => c.command === '/lead')!;
    expect(lead.description).toBe(t('en', 'command.lead.slash'));
    expect(lead.usage_hint).toMatch(/· help$/);
  });

  it('sends commands, interactivity and events to the one path Baton serves, on the host to replace', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    expect(new Set(urls)).toEqual(new Set([`https://${MANIFEST_HOST}${SLACK_EVENTS_PATH}`]));
  });

  describe('on the real Bolt app', () => {
    let fake: FakeSlack;
    let conn: Connection;

    beforeAll(async () => {
      fake = await createFakeSlack();
      conn = await openTestConnection();
    });
    afterAll(async () => {
      await fake.close();
      await dropAndClose(conn);
    });

    it('runs each command of the manifest as that command', async () => {
      const seen: string[] = [];
      const echo: Interactions = {
        command: (_inb, name, text) => {
          seen.push(`${name} ${text}`);
          return Promise.resolve({
            kind: 'message',
            visibility: 'ephemeral',
            message: { summary: `${name} ${text}`, blocks: [] },
          });
        },
        action: () => Promise.resolve({ reply: { kind: 'none' } }),
        submit: () => Promise.resolve({ kind: 'done', reply: { kind: 'none' } }),
        checkField: () => Promise.resolve(null),
        home: () => Promise.resolve({ summary: 'home', blocks: [] }),
      };
      const log = createLogger({ level: 'silent' });
      const http = createHttpServer({ log });
      const slack = createSlackApp({
        config: { botToken: 'xoxb-1', signingSecret: TEST_SIGNING_SECRET, apiUrl: fake.url, mode: 'http' },
        interactions: echo,
        journal: createMongoJournal(conn),
        log,
        http,
        retries: 0,
      });
      await slack.start();
      const port = await http.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
      try {
        const listed = manifest.features.slash_commands.map((c) => c.command);
        for (const command of listed) {
          const res = await postToApp(
            url,
            'command',
            slashCommand(fake, { command, text: 'help', user_id: 'U0ANY', channel_id: 'C0ANY' }),
          );
          expect(res.status).toBe(200);
        }
        const last = listed.at(-1)!.slice(1);
        await fake.waitForCall('response_url', (c) => c.args.text === `${last} help`);
        expect(seen).toEqual(listed.map((c) => `${c.slice(1)} help`));
      } finally {
        await slack.stop();
        await http.close();
      }
      fake.expectNoViolations();
    });
  });
});
