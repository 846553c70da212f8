// The README's verification recipe for receivers, run as written (in a child Node process) on a
// header Baton produces: it accepts Baton's signature and refuses a wrong secret, a changed body
// and a stale timestamp.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureHeader } from '../../src/webhooks/sign.js';

describe('README: verifying a webhook delivery', () => {
  it('the recipe, as printed, verifies what Baton signs and nothing else', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Outgoing webhooks'));
    const start = section.indexOf('```js\n') + '```js\n'.length;
    const recipe = section.slice(start, section.indexOf('```', start));
    expect(recipe.split('\n').filter(Boolean).length).toBeLessThanOrEqual(10);
    const dir = mkdtempSync(join(tmpdir(), 'baton-recipe-'));
    writeFileSync(join(dir, 'recipe.mjs'), recipe);
    const now = Math.floor(Date.now() / 1000);
    const body = '{"id":"lead_1:1:lead.created","type":"lead.created"}';
    const cases = [
      ['whsec_right', signatureHeader('whsec_right', now, body), body],
      ['whsec_wrong', signatureHeader('whsec_right', now, body), body],
      ['whsec_right', signatureHeader('whsec_right', now, body), body + ' '],
      ['whsec_right', signatureHeader('whsec_right', now - 3600, body), body],
    ];
    writeFileSync(
      join(dir, 'check.mjs'),
      `import { verifyBaton } from './recipe.mjs';\nconst cases = ${JSON.stringify(cases)};\n` +
        `console.log(JSON.stringify(cases.map(([s, h, b]) => verifyBaton(s, h, b))));\n`,
    );
    const out = execFileSync(process.execPath, [join(dir, 'check.mjs')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([true, false, false, false]);
  });
});
