// Claim races and rate limits end to end: 20 AEs click Claim at once on the channel card; a 429
// on a bulk send is waited out while interactive replies go on undelayed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { blockAction, postToApp } from '../../fakes/slack/index.js';
import { buttonsOf, LEADS_CHANNEL, startHarness, textOf, type Harness, type Member } from './harness.js';

const SDR = 'U0SDR';
const AES: Member[] = Array.from({ length: 20 }, (_, i) => ({
  id: `U0AE${String(i + 1).padStart(2, '0')}`,
  name: `ae${i + 1}`,
  real_name: `Ae${i + 1}`,
  roles: ['ae'],
}));

describe('claims on Slack', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ members: [{ id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'] }, ...AES] });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('20 concurrent Claim clicks: one owner, the card edited in the channel and the DM, everyone else told who has it', async () => {
    await h.command(SDR, '/lead', 'Umbrella; Alice Spencer; alice@umbrella.example');
    await h.settle();
    const [lead] = await h.app.stores.leads.list({ teamId: h.team.id });
    const offeredTo = [...h.people.entries()].find(([, p]) => p.id === lead!.offeredTo)![0];
    const card = h.fake.lastMessageTo(LEADS_CHANNEL)!;
    const claim = `lead.claim:${lead!.id}`;
    expect(buttonsOf(card)).toContain(claim);

    h.clock.advance(3 * 60_000);
    const clicks = await Promise.all(
      AES.map((ae) =>
        postToApp(
          h.url,
          'interaction',
          blockAction(h.fake, { user: ae.id, message: card, actions: [{ action_id: claim }] }),
        ),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual(AES.map(() => 200));
    await h.settle();

    const claimed = (await h.app.stores.leads.get(lead!.id))!;
    expect(claimed.status).toBe('claimed');
    const owner = [...h.people.values()].find((p) => p.id === claimed.ownerId)!;
    const ownerUser = [...h.people.entries()].find(([, p]) => p.id === owner.id)![0];
    const events = await h.app.stores.leads.events(lead!.id);
    expect(events.filter((e) => e.type === 'lead.claimed')).toHaveLength(1);

    // Every clicker heard back exactly once, ephemerally; the losers are told who has it.
    const ephemerals = h.fake.ephemeralsIn(LEADS_CHANNEL);
    for (const ae of AES) {
      const mine = ephemerals.filter((m) => m.ephemeral_to === ae.id);
      expect(mine).toHaveLength(1);
      if (ae.id === ownerUser) expect(textOf(mine[0])).toContain(lead!.fields.company);
      else expect(textOf(mine[0])).toContain(`Already claimed by ${owner.name}`);
    }
    // The channel card and the offered AE's DM card now show the owner, with the time to claim.
    const edited = h.fake.messagesIn(LEADS_CHANNEL).find((m) => m.ts === card.ts)!;
    expect(textOf(edited)).toContain(`Claimed by <@${ownerUser}> after 3 min`);
    expect(buttonsOf(edited)).not.toContain(claim);
    expect(textOf(h.fake.messagesIn(offeredTo)[0])).toContain(`Claimed by <@${ownerUser}> after 3 min`);
    h.fake.expectNoViolations();
  });

  it('a 429 on a bulk send is waited out (Retry-After) and delivered once; an interactive reply meanwhile is not delayed', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    await h.command(SDR, '/lead', 'Cyberdyne; Miles Dyson; miles@cyberdyne.example');
    const limited = await h.fake.waitForCall('chat.postMessage', (c) => c.status === 429);

    // While the outbox waits, a modal opens at once: the interactive client is not paused.
    await h.command(SDR, '/lead');
    const opened = await h.fake.waitForCall('views.open');
    expect(opened.response).toMatchObject({ ok: true });

    await h.settle();
    const sameTarget = h.fake
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === limited.args.channel);
    const retried = sameTarget.filter((c) => c.status === 200 && c.at > limited.at);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.at - limited.at).toBeGreaterThanOrEqual(1900);
    expect(opened.at).toBeLessThan(retried[0]!.at);
    const cards = h.fake.messagesIn(LEADS_CHANNEL).filter((m) => textOf(m).includes('Cyberdyne'));
    expect(cards).toHaveLength(1);
    const [lead] = await h.app.stores.leads
      .list({ teamId: h.team.id, createdSince: new Date(0) })
      .then((l) => l.filter((x) => x.fields.company === 'Cyberdyne'));
    const offered = [...h.people.entries()].find(([, p]) => p.id === lead!.offeredTo)![0];
    expect(h.fake.messagesIn(offered).filter((m) => textOf(m).includes('Cyberdyne'))).toHaveLength(1);
    expect(h.fake.ratelimitedCount).toBe(1);
    h.fake.expectNoViolations();
  });
});
