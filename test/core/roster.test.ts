import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { can } from '../../src/core/roster/permissions.js';
import {
  addMember,
  createInvite,
  identify,
  redeemInvite,
  setupTeam,
  updateMember,
} from '../../src/core/roster/index.js';
import { createCoreHarness, seedTeam, type CoreHarness, refusal } from '../support/core.js';

let h: CoreHarness;
beforeEach(async () => {
  h = await createCoreHarness();
});
afterEach(async () => {
  await h.close();
});

describe('the first admin', () => {
  it('is whoever sets up an empty deployment; of 10 racing founders exactly one wins', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        setupTeam(
          h.deps,
          { teamName: `Team ${i}`, founder: { address: `slack:T1:U${i}`, name: `Founder ${i}` } },
          h.ctx(),
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ALREADY_SET_UP' });
    expect(await h.deps.stores.teams.list()).toHaveLength(1);
    expect(await h.deps.stores.people.count()).toBe(1);
    const admin = won[0]!.status === 'fulfilled' ? won[0]!.value.admin : undefined;
    expect(admin?.roles).toEqual(['admin', 'manager']);
  });
});

describe('members', () => {
  it('lets managers add people with roles and refuses others, naming the role needed', async () => {
    const t = await seedTeam(h, { aes: 1 });
    const err = await refusal(addMember(h.deps, { name: 'Eve', roles: ['sdr'] }, h.ctx(t.aes[0]!.id)));
    expect(err).toMatchObject({ code: 'NOT_ALLOWED', params: { needed: ['manager', 'admin'] } });
    const bad = await refusal(
      addMember(h.deps, { name: 'Eve', roles: ['wizard'], weight: 0 }, h.ctx(t.admin.id)),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.issues.map((i) => i.field)).toEqual(['roles']);
    const eve = await addMember(
      h.deps,
      { name: 'Eve Ng', roles: ['SDR', 'ae'], address: 'slack:T1:UEVE', weight: 0.5, cap: 10 },
      h.ctx(t.admin.id),
    );
    expect(eve).toMatchObject({
      handle: 'eve',
      roles: ['sdr', 'ae'],
      weight: 0.5,
      cap: 10,
      active: true,
      timezone: 'Europe/Berlin',
    });
    expect(
      (
        await refusal(
          addMember(h.deps, { name: 'Eve Two', handle: 'eve', roles: ['sdr'] }, h.ctx(t.admin.id)),
        )
      ).issues[0]?.code,
    ).toBe('handle_taken');
    expect(
      (
        await refusal(
          addMember(
            h.deps,
            { name: 'Eve Again', roles: ['sdr'], address: 'slack:T1:UEVE' },
            h.ctx(t.admin.id),
          ),
        )
      ).code,
    ).toBe('ADDRESS_TAKEN');
  });

  it('lets people change their own hours and out-of-office, but not their weight', async () => {
    const t = await seedTeam(h, { aes: 1 });
    const ae = t.aes[0]!;
    const until = new Date(h.clock.now().getTime() + 86400_000);
    const updated = await updateMember(
      h.deps,
      {
        personId: ae.id,
        patch: { outOfOffice: { from: h.clock.now(), until, note: 'dentist' }, locale: 'ru' },
      },
      h.ctx(ae.id),
    );
    expect(updated.outOfOffice).toEqual([{ from: h.clock.now(), until, note: 'dentist' }]);
    expect(updated.locale).toBe('ru');
    expect(
      (await refusal(updateMember(h.deps, { personId: ae.id, patch: { weight: 5 } }, h.ctx(ae.id)))).code,
    ).toBe('NOT_ALLOWED');
    const bad = await refusal(
      updateMember(
        h.deps,
        { personId: ae.id, patch: { workingHours: { days: [1], start: '18:00', end: '09:00' } } },
        h.ctx(ae.id),
      ),
    );
    expect(bad.issues[0]?.code).toBe('invalid_hours');
  });
});

describe('joining from a chat platform', () => {
  it('links a Telegram account to the person a manager registered by @username', async () => {
    const t = await seedTeam(h, { aes: 0 });
    const vera = await addMember(
      h.deps,
      { name: 'Vera', roles: ['sdr'], telegramUsername: '@Vera_Sales' },
      h.ctx(t.admin.id),
    );
    await expect(
      identify(h.deps, { address: 'telegram:555', username: 'someone_else' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_PERSON',
      params: { address: 'telegram:555' },
    });
    const linked = await identify(h.deps, { address: 'telegram:777', username: 'vera_sales' });
    expect(linked.id).toBe(vera.id);
    expect(linked.addresses).toEqual(['telegram:777']);
    expect((await identify(h.deps, { address: 'telegram:777' })).id).toBe(vera.id);
  });

  it('redeems an invite code once', async () => {
    const t = await seedTeam(h, { aes: 0 });
    const bob = await addMember(h.deps, { name: 'Bob', roles: ['am'] }, h.ctx(t.admin.id));
    const { code } = await createInvite(h.deps, { personId: bob.id }, h.ctx(t.admin.id));
    const results = await Promise.allSettled([
      redeemInvite(h.deps, { code, arrival: { address: 'telegram:1' } }, h.ctx()),
      redeemInvite(h.deps, { code, arrival: { address: 'telegram:2' } }, h.ctx()),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await h.deps.stores.people.get(bob.id))!.addresses).toHaveLength(1);
    expect(
      (await refusal(redeemInvite(h.deps, { code: 'NOPE1234', arrival: { address: 'telegram:3' } }, h.ctx())))
        .code,
    ).toBe('INVITE_INVALID');
  });
});

describe('permissions policy', () => {
  it('needs an active person with a role that allows the action', () => {
    expect(can({ roles: ['sdr'], active: true }, 'lead.create')).toBe(true);
    expect(can({ roles: ['sdr'], active: false }, 'lead.create')).toBe(false);
    expect(can({ roles: ['ae'], active: true }, 'lead.create')).toBe(false);
    expect(can({ roles: ['manager'], active: true }, 'kpi.view_others')).toBe(true);
    expect(can({ roles: ['manager'], active: true }, 'team.manage_admins')).toBe(false);
  });
});
