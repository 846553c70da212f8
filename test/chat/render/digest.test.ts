import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageToPlain, type Message } from '../../../src/chat/message.js';
import type { Reader } from '../../../src/chat/ports.js';
import { createDigestRenderer } from '../../../src/chat/render/digest.js';
import { claimLead } from '../../../src/core/leads/claim-lead.js';
import { createLead } from '../../../src/core/leads/create-lead.js';
import type { Notice } from '../../../src/core/notices.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../../support/core.js';
import type { Locale } from '../../../src/core/roster/team.js';

let h: CoreHarness;
let t: SeededTeam;
beforeEach(async () => {
  h = await createCoreHarness('2026-11-30T08:00:00Z');
  t = await seedTeam(h, { aes: 2 });
  for (let i = 0; i < 3; i++) {
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status === 'created' && i < 2)
      await claimLead(h.deps, { leadRef: r.lead.id }, h.ctx(r.lead.offeredTo));
  }
});
afterEach(async () => {
  await h.close();
});

const reader = (locale: Locale): Reader => ({ locale, timezone: 'Europe/Berlin', platform: 'console' });
const digest = (personId: string, scope: 'person' | 'team') =>
  ({
    key: `digest:${personId}:2026-12-01`,
    to: { personId },
    body: { kind: 'digest', personId, date: '2026-12-01', scope },
  }) as Notice & {
    body: { kind: 'digest' };
  };

describe('digest renderer', () => {
  it('renders a person’s own numbers against the previous period', async () => {
    const r = createDigestRenderer({ stores: h.deps.stores });
    const m = (await r.digest(digest(t.sdrs[0]!.id, 'person'), reader('en')))!;
    const plain = messageToPlain(m);
    expect(m.summary).toBe('Your numbers for 1 Dec 2026');
    expect(plain).toContain('SDR · leads and meetings');
    expect(plain).toContain('Leads created: 3 (▲3)');
    expect(m.blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('renders the manager’s team digest in Russian with the funnel, forecast and a PNG chart', async () => {
    const r = createDigestRenderer({ stores: h.deps.stores });
    const m: Message = (await r.digest(digest(t.admin.id, 'team'), reader('ru')))!;
    const plain = messageToPlain(m);
    expect(m.blocks[0]).toEqual({ type: 'header', text: 'Сводка команды · 1 декабря 2026' });
    expect(plain).toContain('Воронка лидов, созданных за период');
    expect(plain).toContain('Созданы: 3 (▲3)');
    expect(plain).toContain('Взяты в работу: 2 (▲2) · 67%');
    expect(plain).toContain('Прогноз по собственным конверсиям команды');
    const image = m.blocks.find((b) => b.type === 'image');
    expect(image?.type === 'image' && image.alt).toContain('Созданы 3');
    const png = image?.type === 'image' ? image.png! : new Uint8Array();
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    writeFileSync(join(tmpdir(), 'baton-digest-chart.png'), png);
  });

  it('serves /kpi with the same content for any period', async () => {
    const r = createDigestRenderer({ stores: h.deps.stores, charts: false });
    const kit = { locale: 'en' } as never;
    const m = await r.kpi(
      { core: h.deps, kit, person: t.aes[0]!, team: t.team, now: h.clock.now() },
      { scope: 'person', personId: t.aes[0]!.id, period: 'month' },
    );
    expect(m.blocks[0]).toEqual({ type: 'header', text: `${t.aes[0]!.name} · Last 30 days` });
    expect(messageToPlain(m)).toContain('AE · deals');
  });
});
