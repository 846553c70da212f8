// Two bot processes behind one webhook: each update is handled once, whichever process gets it
// and however often; 20 AEs race for one lead across both; forged deliveries are refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FakeUser, WireUpdate } from '../../fakes/telegram/fake-telegram.js';
import { botMessages, buttonData, eventually, SECRET, seedTeam, startHarness, type Harness, type Member } from './harness.js';

let h: Harness;
const boss: FakeUser = { id: 2001, is_bot: false, first_name: 'Boss', username: 'boss_two' };
const sam: FakeUser = { id: 2002, is_bot: false, first_name: 'Sam', username: 'sam_two' };
const aes: Member[] = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { user: { id: 2100 + i, is_bot: false, first_name: `Ae${n}`, username: `ae${n}_tg` }, name: `Ae${n} Closer`, roles: 'ae' };
});
const group = { id: -100600 };

/** The updates queued by `act` (the webhook is off: nothing is delivered until we say so). */
function queued(act: () => void): WireUpdate[] {
  const seen = new Set(h.fake.pendingUpdates().map((u) => u.update_id));
  act();
  return h.fake.pendingUpdates().filter((u) => !seen.has(u.update_id));
}
const deliver = (node: number, u: unknown, secret: string | null = SECRET) =>
  h.fake.deliverRaw(h.nodes[node]!.url, u, { ...(secret !== null && { secret }) });
const journal = (updateId: number) =>
  h.node.conn.collection<{ _id: string }>('inbound_journal').findOne({ _id: `telegram:123456:${updateId}` });
/** Waits until the update's run finished (the webhook is answered once it is recorded, before the work). */
const finished = (u: WireUpdate | undefined) =>
  eventually(
    async () => ((await journal(u!.update_id)) as { doneAt?: Date } | null)?.doneAt !== undefined,
    `update ${u?.update_id} finished`,
  );
const leadsNamed = async (re: RegExp) =>
  (await h.node.app.stores.leads.list({ teamId: (await h.node.app.stores.teams.list())[0]!.id })).filter((l) => re.test(l.fields.company));

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', processes: 2 });
  await seedTeam(h, boss, group, [{ user: sam, name: 'Sam Seller', roles: 'sdr' }, ...aes]); // delivered to node 1
  await h.node.tg.bot.telegram.deleteWebhook(); // from here on, the test delivers each update itself
});

afterEach(() => {
  h.fake.expectNoViolations();
  expect(h.errors()).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

describe('two bot processes behind one webhook', () => {
  it('refuses deliveries without the secret or with a wrong one (403), storing nothing', async () => {
    const [u] = queued(() => h.fake.sendText(sam, sam, '/lead Forged Co; Eve; eve@forged.example; inbound'));
    expect((await deliver(0, u, null)).status).toBe(403);
    expect((await deliver(1, u, 'wrong-secret')).status).toBe(403);
    expect(await journal(u!.update_id)).toBeNull();
    expect(await leadsNamed(/Forged/)).toEqual([]);
    expect(h.fake.calls('sendMessage').filter((c) => c.params.chat_id === sam.id && /Forged/.test(String(c.params.text)))).toEqual([]);
  });

  it('handles an update delivered twice, to one process or to both, once', async () => {
    const [u] = queued(() => h.fake.sendText(sam, sam, '/lead Twice Ltd; Tom; tom@twice.example; inbound'));
    const results = await Promise.all([deliver(0, u), deliver(1, u)]);
    results.push(await deliver(0, u)); // a re-delivery after the first answer
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await finished(u);
    expect(await leadsNamed(/Twice/)).toHaveLength(1);
    const replies = h.fake.calls('sendMessage').filter((c) => c.params.chat_id === sam.id && /Twice Ltd is in/.test(String(c.params.text)));
    expect(replies).toHaveLength(1);
  });

  it('gives a lead one owner out of 20 concurrent taps spread over both processes; the others are told who owns it', async () => {
    const [create] = queued(() => h.fake.sendText(sam, sam, '/lead Claimrace Ltd; Bob Buyer; bob@claimrace.example; inbound'));
    await Promise.all([deliver(0, create), deliver(1, create)]);
    await finished(create);
    const [lead] = await leadsNamed(/Claimrace/);
    // Cards go out through the outboxes of both processes; each is sent once.
    await Promise.all(h.nodes.map((n) => n.app.outbox.drain()));
    const card = await eventually(() => botMessages(h.fake, group).find((m) => /Claimrace/.test(m.text ?? '')), 'the group card');
    expect(botMessages(h.fake, group).filter((m) => /Claimrace/.test(m.text ?? ''))).toHaveLength(1);
    const offeredTo = (await h.node.app.stores.people.get(lead!.offeredTo!))!;
    const offerChat = Number(offeredTo.addresses[0]!.split(':')[1]);
    const offer = await eventually(() => botMessages(h.fake, offerChat).find((m) => /Claimrace/.test(m.text ?? '')), 'the offer DM');

    const data = buttonData(card, /Claim/);
    let answered: ReturnType<typeof h.fake.tapButton>[] = [];
    const taps = queued(() => (answered = aes.map((ae) => h.fake.tapButton(card, data, ae.user, { timeoutMs: 15_000 }))));
    expect(taps).toHaveLength(20);
    // Alternately to each process, every third one to both at once.
    await Promise.all(taps.flatMap((u, i) => (i % 3 === 0 ? [deliver(0, u), deliver(1, u)] : [deliver(i % 2, u)])));
    const answers = await Promise.all(answered);

    expect(h.fake.calls('answerCallbackQuery').filter((c) => !c.ok)).toEqual([]); // each answered exactly once
    const texts = answers.map((a) => String(a.params.text ?? ''));
    const winner = texts.findIndex((t) => /yours/i.test(t));
    expect(texts.filter((t) => /yours/i.test(t))).toHaveLength(1);
    const owner = (await h.node.app.stores.people.get((await h.node.app.stores.leads.get(lead!.id))!.ownerId!))!;
    expect(owner.addresses).toContain(`telegram:${aes[winner]!.user.id}`);
    const losers = answers.filter((_, i) => i !== winner);
    expect(losers.map((a) => [a.params.text, a.params.show_alert])).toEqual(
      Array.from({ length: 19 }, () => [`Already claimed by ${owner.name}.`, true]),
    );

    // The group card and the offer DM are edited to show the owner, without a Claim button.
    await Promise.all(h.nodes.map((n) => n.app.outbox.drain()));
    for (const m of [card, offer]) {
      const edited = await eventually(
        () => h.fake.messagesIn(m.chat_id).find((x) => x.message_id === m.message_id && /Claimed by/.test(x.text ?? '') && x),
        `card ${m.chat_id}/${m.message_id} edited`,
      );
      expect(JSON.stringify(edited.reply_markup ?? {})).not.toMatch(/lc:/);
    }
    // The winner gets the lead in a DM; refusals stay alerts.
    const dm = await eventually(() => h.fake.calls('sendMessage').find((c) => /yours/i.test(String(c.params.text))), 'the DM');
    expect(dm.params.chat_id).toBe(aes[winner]!.user.id);
    expect(h.fake.calls('sendMessage').filter((c) => /Already claimed/.test(String(c.params.text)))).toEqual([]);
  });

  it('continues a dialog on whichever process gets the next answer', async () => {
    const prompt = async (re: RegExp) =>
      eventually(() => botMessages(h.fake, sam).filter((m) => re.test(m.text ?? '')).at(-1), `prompt ${re}`);
    await deliver(0, queued(() => h.fake.sendText(sam, sam, '/lead'))[0]);
    await prompt(/New lead · 1\/10/);
    await deliver(1, queued(() => h.fake.sendText(sam, sam, 'Crossco'))[0]);
    const second = await prompt(/New lead · 2\/10/);
    let answer!: ReturnType<typeof h.fake.tapButton>;
    const [tap] = queued(() => (answer = h.fake.tapButton(second, buttonData(second, /Cancel/), sam)));
    await deliver(0, tap);
    expect((await answer).params.text).toBe('Cancelled. Nothing was saved.');
    expect(await h.node.conn.collection('telegram_dialogs').countDocuments()).toBe(0);
  });
});
