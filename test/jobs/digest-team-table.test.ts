// A big team's morning digest through the real edge: the digest job at 09:00 local, the outbox,
// the real Slack sender (WebClient → fake Slack's upload flow), the real Telegram sender
// (telegraf → fake Bot API, sendDocument) and the console (its file folder). Each manager gets
// leaders and laggards per role plus the full table as CSV; the CSV holds every person with the
// numbers /kpi gives them, and a retried or recovered delivery never sends the file twice.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { parse } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { ConsoleSender } from '../../src/chat/console/console-sender.js';
import { ButtonBoard } from '../../src/chat/console/button-board.js';
import { memoryScreen } from '../../src/chat/console/screen.js';
import { createDigestRenderer } from '../../src/chat/render/digest.js';
import { createNoticeRenderer } from '../../src/chat/render/notice-renderer.js';
import { createSlackSender } from '../../src/chat/slack/slack-sender.js';
import { createTelegramSender } from '../../src/chat/telegram/telegram-sender.js';
import { digestPeriodKind } from '../../src/core/kpi/period.js';
import type { Person } from '../../src/core/roster/person.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { computeKpis } from '../../src/core/kpi/compute-kpis.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { nextDigestSlot } from '../../src/jobs/digests.js';
import { createFakeSlack, dmChannelFor, type FakeSlack } from '../fakes/slack/index.js';
import { createFakeTelegram, type FakeTelegram } from '../fakes/telegram/fake-telegram.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { advanceTo, createNode, type BotNode } from './harness.js';

jest.setTimeout(120_000);

const VERA = 701; // the Russian-speaking manager on Telegram
let slack: FakeSlack;
let tg: FakeTelegram;
let h: CoreHarness;
let t: SeededTeam;
let node: BotNode;
let filesDir: string;
let screen: ReturnType<typeof memoryScreen>;
let managers: { slack: Person; telegram: Person };

beforeAll(async () => {
  slack = await createFakeSlack({ users: [{ id: 'U0MGR', name: 'mgr' }] });
  tg = await createFakeTelegram();
});
afterAll(async () => {
  await slack.close();
  await tg.close();
});

beforeEach(async () => {
  slack.reset();
  tg.reset();
  tg.user({ id: VERA, first_name: 'Vera' });
  filesDir = mkdtempSync(join(tmpdir(), 'baton-console-files-'));
  h = await createCoreHarness('2026-12-04T08:00:00Z'); // a Friday
  // 26 people and three managers: more than a message lists, so leaders and laggards plus the table.
  t = await seedTeam(h, { sdrs: 8, aes: 10, ams: 8 });
  const manager = (id: string, name: string, address: string, locale: 'en' | 'ru'): Person => ({
    ...t.admin,
    id,
    name,
    handle: id,
    roles: ['manager'],
    addresses: [address],
    locale,
    createdAt: h.clock.now(),
  });
  managers = {
    slack: manager('p_mgr_slack', 'Mia Manager', `slack:${slack.team.id}:U0MGR`, 'en'),
    telegram: manager('p_mgr_tg', 'Вера Петрова', `telegram:${VERA}`, 'ru'),
  };
  await h.deps.stores.people.insert(managers.slack);
  await h.deps.stores.people.insert(managers.telegram);
  // Some activity: leads from every SDR, two of three claimed by the AE they were offered to.
  for (let i = 0; i < 24; i++) {
    const sdr = t.sdrs[i % t.sdrs.length]!;
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(sdr.id));
    if (r.status === 'created' && i % 3 !== 2 && r.lead.offeredTo)
      await claimLead(h.deps, { leadRef: r.lead.id }, h.ctx(r.lead.offeredTo));
  }
  const stores = h.deps.stores;
  const client = new webApi.WebClient('xoxb-bulk', {
    slackApiUrl: slack.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  screen = memoryScreen();
  node = await createNode(h, {
    renderer: createNoticeRenderer({ stores, digest: createDigestRenderer({ stores }).digest }),
    outbox: {
      senders: [
        createSlackSender(client, { teamId: slack.team.id }),
        createTelegramSender(new Telegram(tg.token, { apiRoot: tg.apiRoot })),
        new ConsoleSender(screen, { board: new ButtonBoard() }, filesDir),
      ],
      backoffMs: () => 50,
    },
  });
});
afterEach(async () => {
  await node.close();
  await h.close();
  rmSync(filesDir, { recursive: true, force: true });
});

/** Runs the team's next digest at its time (09:00 Berlin on Monday). */
async function runDigest(): Promise<Date> {
  const slot = nextDigestSlot(t.team, new Date('2026-12-06T12:00:00Z'));
  await node.jobs.planDigests(h.clock.now());
  await advanceTo(h, node, slot.at);
  return slot.at;
}

function parseCsv(bytes: Uint8Array): string[][] {
  const rows: unknown = parse(Buffer.from(bytes), { bom: true });
  return rows as string[][];
}

/** The Slack manager's DM: the digest messages, and the CSV files shared there with their bytes. */
function slackDm() {
  const messages = slack.messagesIn('U0MGR');
  const csvs = messages
    .flatMap((m) => m.files ?? [])
    .filter((f) => f.name.endsWith('.csv'))
    .map((f) => ({ name: f.name, data: slack.uploadedFile(f.id)!.data! }));
  return { messages, csvs };
}

function telegramDocs() {
  return tg.messagesIn(VERA).filter((m) => m.kind === 'document');
}

describe('the team digest of a big team', () => {
  it('reaches Slack, Telegram and the console with leaders, laggards and every person’s row in a CSV that matches /kpi', async () => {
    const at = await runDigest();
    const people = (await h.deps.stores.people.listTeam(t.team.id)).filter((p) =>
      p.roles.some((r) => r === 'sdr' || r === 'ae' || r === 'am'),
    );
    expect(people).toHaveLength(26);

    // Slack: the message with leaders and laggards, then the table through the upload flow.
    const dm = slackDm();
    const team = dm.messages.find((m) => m.text?.startsWith('Team digest'))!;
    expect(JSON.stringify(team.blocks)).toContain('Top 3');
    expect(JSON.stringify(team.blocks)).toContain('attached table');
    expect(dm.csvs.map((c) => c.name)).toEqual(['team-2026-12-07.csv']);
    expect(
      slack.calls('files.completeUploadExternal').some((c) => c.args.channel_id === dmChannelFor('U0MGR')),
    ).toBe(true);

    // Telegram: the text in Russian, then the document (multipart sendDocument).
    const docs = telegramDocs();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.file?.upload?.filename).toBe('team-2026-12-07.csv');
    expect(docs[0]!.caption).toBe('Таблица команды · 7 декабря 2026');
    const ruText = tg
      .messagesIn(VERA)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(ruText).toContain('лидеры и отстающие по ролям');

    // The console: the file in its folder, and a line that says where.
    const consoleFile = join(filesDir, 'boss', 'team-2026-12-07.csv');
    expect(existsSync(consoleFile)).toBe(true);
    expect(screen.lines.join('\n')).toContain(`(file: Team table · 7 Dec 2026 — ${consoleFile})`);

    // Every CSV: one row per person, the numbers /kpi gives them for the digest's period.
    const ctx = { ...h.ctx(t.admin.id), now: at };
    const period = digestPeriodKind(t.team.digestPeriod);
    const en = parseCsv(dm.csvs[0]!.data);
    const ru = parseCsv(docs[0]!.file!.upload!.data);
    expect(parseCsv(readFileSync(consoleFile))).toEqual(en);
    expect(en[0]!.slice(0, 5)).toEqual([
      'Name',
      'Handle',
      'Roles',
      'SDR: leads created',
      'SDR: meetings booked',
    ]);
    expect(ru[0]!.slice(0, 3)).toEqual(['Имя', 'Ник', 'Роли']);
    expect(ru.slice(1).map((r) => r.slice(3))).toEqual(en.slice(1).map((r) => r.slice(3)));
    const col = (name: string) => en[0]!.indexOf(name);
    expect(
      en
        .slice(1)
        .map((r) => r[col('Handle')])
        .sort(),
    ).toEqual(people.map((p) => p.handle).sort());
    for (const row of en.slice(1)) {
      const person = people.find((p) => p.handle === row[col('Handle')])!;
      const { report } = await computeKpis(h.deps, { scope: 'person', personId: person.id }, ctx, period);
      const cell = (name: string) => row[col(name)];
      if (person.roles.includes('sdr')) {
        expect(Number(cell('SDR: leads created'))).toBe(report.roles.sdr!.current.leadsCreated);
        expect(Number(cell('SDR: meetings booked'))).toBe(report.roles.sdr!.current.meetingsBooked);
      } else expect(cell('SDR: leads created')).toBe('');
      if (person.roles.includes('ae')) {
        const ae = report.roles.ae!;
        expect(Number(cell('AE: leads offered'))).toBe(ae.current.leadsOffered);
        expect(Number(cell('AE: leads claimed'))).toBe(ae.current.claimed);
        expect(Number(cell('AE: open leads'))).toBe(ae.now.openLeads);
        const speed = ae.current.speedToClaim.medianMinutes;
        expect(cell('AE: speed to claim (median), minutes')).toBe(speed === null ? '' : speed.toFixed(1));
      } else expect(cell('AE: leads claimed')).toBe('');
      if (person.roles.includes('am'))
        expect(Number(cell('AM: renewals due in 90 days'))).toBe(report.roles.am!.now.renewalsDue);
    }
    // The numbers are not all alike: the table is the people's own.
    expect(new Set(en.slice(1).map((r) => r[col('AE: leads offered')])).size).toBeGreaterThan(1);
    slack.expectNoViolations();
    tg.expectNoViolations();
  });

  it('never sends a file twice: an upload whose answer was lost, a refused document, a re-run digest', async () => {
    // Slack did the upload, but the answer never came: the retry finds the file instead of re-uploading.
    slack.failNext('files.completeUploadExternal', { status: 500, afterHandling: true });
    // Telegram says "slow down" to the document: only the document is sent again, not the text.
    tg.failNext('sendDocument', { error_code: 429, retry_after: 1 });
    await runDigest();
    const texts = () => tg.messagesIn(VERA).filter((m) => m.kind === 'text').length;
    const textsAfterFirstRun = texts();
    expect(slackDm().csvs).toHaveLength(1);
    expect(
      slack.calls('files.getUploadURLExternal').filter((c) => String(c.args.filename).endsWith('.csv')),
    ).toHaveLength(1);
    expect(slackDm().messages.filter((m) => m.text?.startsWith('Team digest'))).toHaveLength(1);
    expect(telegramDocs()).toHaveLength(1);
    expect(tg.calls('sendDocument').map((c) => c.status)).toEqual([429, 200]);

    // The digest job runs again for the same slot (a second process, a re-run): nothing new.
    const settled = await h.conn
      .db!.collection('outbox')
      .findOne({
        _id: `digest:${managers.slack.id}:2026-12-07:team|${managers.slack.addresses[0]}` as never,
      });
    expect(settled).toMatchObject({
      status: 'sent',
      files: [{ name: 'team-2026-12-07.csv', ref: { platform: 'slack' } }],
    });
    expect(settled!.files[0].bytes).toBeUndefined();
    await node.jobs.runDue(h.clock.now());
    await node.outbox.sweep();
    await node.outbox.drain();
    expect(slackDm().csvs).toHaveLength(1);
    expect(telegramDocs()).toHaveLength(1);
    expect(texts()).toBe(textsAfterFirstRun);
  });
});
