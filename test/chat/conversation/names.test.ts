// Issue 13 item 9: the founder has a name (the platform's display name), never "you"; a team
// called "… team" is not "the … team team".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInteractions } from '../../../src/chat/interactions/create-interactions.js';
import { createLogger } from '../../../src/logger.js';
import { createCoreHarness } from '../../support/core.js';
import { textOf } from './harness.js';
import { createConsoleHarness, type ConsoleHarness } from '../console/harness.js';

let c: ConsoleHarness;
beforeAll(async () => {
  c = await createConsoleHarness('2027-09-06T08:00:00Z', { operatorName: 'Dana Founder' });
});
afterAll(() => c.close());

describe('names, not "you"', () => {
  it('the console founder is called by the operator’s name, and "Acme team" is not doubled', async () => {
    const setup = await c.type('/team setup Acme team');
    expect(setup).toMatch(/Acme team is ready, Dana Founder: you are its admin and manager/);
    expect(setup).not.toMatch(/team team|you is/);
    expect(await c.type('/team roles @you sdr,manager,admin')).toMatch(/You are now SDR, manager, admin\./);
    expect(await c.type('/team add Sam Seller @sam sdr', '/team roles @sam sdr,ae')).toMatch(
      /Sam Seller is now SDR, AE\./,
    );
    expect(await c.type('/team')).toMatch(/• Dana Founder \(@you\) — SDR, manager, admin/);
  });

  it('uses the platform display name on Slack and Telegram, in Russian too', async () => {
    const h = await createCoreHarness();
    try {
      const app = createInteractions({ core: h.deps, log: createLogger({ level: 'silent' }) });
      const r = await app.command(
        {
          speaker: {
            address: 'telegram:42',
            platform: 'telegram',
            name: 'Фёдор Смирнов',
            username: 'fedor',
            locale: 'ru',
          },
          key: 'n:1',
        },
        'team',
        'setup Команда продаж',
      );
      expect(textOf(r)).toMatch(/^«Команда продаж» готова, Фёдор Смирнов: вы её администратор/);
      expect((await h.deps.stores.people.byAddress('telegram:42'))!.name).toBe('Фёдор Смирнов');
    } finally {
      await h.close();
    }
  });
});
