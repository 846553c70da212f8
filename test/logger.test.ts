import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination: stream }) };
}

describe('logger', () => {
  it('never writes contact data, however a lead or input is logged', () => {
    const { lines, log } = capture();
    const lead = {
      id: 'lead_1',
      fields: { company: 'Acme', contact: { name: 'Jane Doe', email: 'jane@acme.com', phone: '15550100' } },
    };
    log.info({ lead }, 'lead created');
    log.info(
      { input: { email: 'jane@acme.com', phone: '+1 555 0100', contactName: 'Jane Doe' } },
      'validation',
    );
    log.info({ contact: { email: 'jane@acme.com' }, text: '/lead Acme; Jane; jane@acme.com' }, 'command');
    const out = lines.join('');
    expect(out).not.toMatch(/jane@acme\.com|15550100|555 0100|Jane Doe/);
    expect(out).toMatch(/lead created/);
    expect(out).toMatch(/\[redacted\]/);
  });
});
