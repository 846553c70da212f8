// Property-based fuzzing of the interactions layer on the real database: /lead texts, submitted
// lead forms (modals, finished Telegram dialogs) and single dialog answers. Never a crash (no
// "interaction failed" in the logs), always a message, never a write from invalid input.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseLeadSyntax } from '../../src/chat/parsers/lead-syntax.js';
import { createInteractions } from '../../src/chat/interactions/create-interactions.js';
import type { Interactions } from '../../src/chat/interactions/interactions.js';
import type { Inbound, Reply } from '../../src/chat/interactions/types.js';
import { messageToPlain } from '../../src/chat/message.js';
import { validateLeadInput, type LeadInput } from '../../src/core/leads/lead-input.js';
import { createLogger } from '../../src/logger.js';
import { createCoreHarness, seedTeam, type CoreHarness, type SeededTeam } from '../support/core.js';

const RUNS = { numRuns: 60 };
const part = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.emailAddress(),
  fc.constantFrom(
    'inbound',
    'referral',
    '$25k',
    'BANT',
    'bn',
    '+1 555 0100',
    'site: acme.com',
    'value: 10 EUR',
    'notes: hi',
    '-',
  ),
);
/** Texts that reach the lead parser (the first word is no sub-command), and anything at all. */
const leadText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.array(part, { maxLength: 7 }))
  .map(([company, parts]) => [`Co ${company}`, ...parts].join('; '));
const anyText = fc.string({ unit: 'grapheme', maxLength: 120 });

describe('fuzzing the interactions layer', () => {
  let h: CoreHarness;
  let t: SeededTeam;
  let interactions: Interactions;
  const failures: Record<string, unknown>[] = [];
  let n = 0;
  const inb = (): Inbound => ({
    speaker: { address: 'console:sdr1', platform: 'console', name: 'Sdr1' },
    key: `fuzz:${++n}`,
  });
  const counts = async () => ({
    leads: await h.conn.collection('leads').countDocuments(),
    numbers: await h.conn.collection('sequences').countDocuments(),
  });
  const valid = (input: LeadInput) => {
    try {
      validateLeadInput(input, t.team);
      return true;
    } catch {
      return false;
    }
  };
  const said = (reply: Reply) =>
    reply.kind === 'message'
      ? messageToPlain(reply.message).trim()
      : reply.kind === 'form'
        ? reply.form.title
        : '';

  beforeAll(async () => {
    h = await createCoreHarness();
    t = await seedTeam(h, { aes: 2 });
    const log = createLogger({
      level: 'error',
      destination: {
        write: (line: string) => void failures.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    interactions = createInteractions({ core: h.deps, log });
  });
  afterAll(() => h.close());

  it('/lead: always a message; an invalid lead writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(leadText, anyText), async (text) => {
        const before = await counts();
        const reply = await interactions.command(inb(), 'lead', text);
        expect(said(reply)).not.toBe('');
        const parsed =
          text.trim() && text.startsWith('Co ')
            ? parseLeadSyntax(text, t.team.leadSources, t.team.currency)
            : undefined;
        if (parsed && !valid(parsed)) expect(await counts()).toEqual(before);
      }),
      RUNS,
    );
    expect(failures).toEqual([]);
  });

  it('submitted lead forms: errors or an answer, never a write from invalid values', async () => {
    const values = fc.record(
      {
        company: fc.string({ maxLength: 130 }),
        contactName: fc.string({ maxLength: 130 }),
        contactTitle: fc.string({ maxLength: 30 }),
        email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 30 })),
        phone: fc.oneof(fc.constant('+1 555 0100'), fc.string({ maxLength: 20 })),
        domain: fc.oneof(fc.domain(), fc.string({ maxLength: 20 })),
        source: fc.oneof(fc.constantFrom(...t.team.leadSources), fc.string({ maxLength: 12 })),
        bant: fc.array(
          fc.oneof(fc.constantFrom('budget', 'authority', 'need', 'timing'), fc.string({ maxLength: 8 })),
          { maxLength: 5 },
        ),
        value: fc.oneof(fc.constantFrom('25000', '$25k', '10 EUR'), fc.string({ maxLength: 20 })),
        notes: fc.string({ maxLength: 200 }),
        stray: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        const before = await counts();
        const result = await interactions.submit(inb(), 'lead', undefined, v);
        if (result.kind === 'errors') {
          expect(Object.keys(result.errors).length).toBeGreaterThan(0);
          expect(await counts()).toEqual(before);
        } else {
          expect(said(result.reply)).not.toBe('');
        }
      }),
      RUNS,
    );
    expect(failures).toEqual([]);
  });

  it('dialog answers checked one at a time: a problem or null, never a write', async () => {
    const fields = [
      'company',
      'contactName',
      'email',
      'phone',
      'domain',
      'source',
      'bant',
      'value',
      'notes',
      'nosuch',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), anyText, async (field, typed) => {
        const before = await counts();
        const problem = await interactions.checkField(inb(), 'lead', field, typed);
        expect(problem === null || (typeof problem === 'string' && problem.length > 0)).toBe(true);
        expect(await counts()).toEqual(before);
      }),
      RUNS,
    );
    expect(failures).toEqual([]);
  });
});
