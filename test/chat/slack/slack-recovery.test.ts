// Journal recovery on Slack: a /lead acknowledged by a process that then died is finished by the
// recovery pass — one lead, one card, one offer, and the answer through the recorded response_url.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { commandKey } from '../../../src/chat/slack/listeners/commands/run-command.js';
import { LEADS_CHANNEL, startHarness, textOf, type Harness } from './harness.js';

const SDR = 'U0SAM';
const AE = 'U0ANNA';
const DEAD = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:dead01`;

describe('journal recovery on Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      members: [
        { id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'] },
        { id: AE, name: 'anna', real_name: 'Anna', roles: ['ae'] },
      ],
    });
    h.app.addReplayer(h.slack.replayer);
  });
  afterAll(() => h.close());

  it('finishes a /lead whose process died after the ack, once', async () => {
    const key = commandKey(h.fake.team.id, h.fake.issueTriggerId(SDR));
    // What run-command.ts records before its ack, left behind by a process that is gone.
    await h.conn.collection('inbound_journal').insertOne({
      _id: key,
      request: {
        platform: 'slack',
        kind: 'command',
        command: 'lead',
        text: 'Recovered Ltd; Rita Rowe; rita@recovered.example; inbound',
        user: SDR,
        team: h.fake.team.id,
        channel: LEADS_CHANNEL,
      },
      replyTo: { responseUrl: h.fake.issueResponseUrl({ channel: LEADS_CHANNEL, user: SDR }) },
      at: new Date(),
      owner: DEAD,
      startedAt: new Date(),
      attempts: 0,
    } as never);

    expect(await h.app.recovery.runOnce()).toBe(1);
    await h.settle();
    expect(await h.app.recovery.runOnce()).toBe(0);
    await h.settle();

    const leads = (await h.app.stores.leads.list({ teamId: h.team.id })).filter(
      (l) => l.fields.company === 'Recovered Ltd',
    );
    expect(leads).toHaveLength(1);
    const cards = h.fake.messagesIn(LEADS_CHANNEL).filter((m) => textOf(m).includes('Recovered Ltd'));
    expect(cards).toHaveLength(1);
    expect(h.fake.messagesIn(AE).filter((m) => textOf(m).includes('Recovered Ltd'))).toHaveLength(1);
    const answer = h.fake.ephemeralsIn(LEADS_CHANNEL).filter((m) => m.ephemeral_to === SDR);
    expect(answer.map(textOf).join('\n')).toContain('Recovered Ltd');
    expect((await h.app.journal.get(key))?.doneAt).toBeDefined();
    h.fake.expectNoViolations();
  });
});
