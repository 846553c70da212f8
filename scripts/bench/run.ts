/**
 * `npm run bench`: Baton's benchmarks, each a ratio against a floor measured side by side in this
 * one run (absolute times on a shared machine are noise). See README "What the numbers mean".
 */
import { openBenchDb } from './bench-db.js';
import { readKnobs } from './knobs.js';
import { benchSlack } from './b1-slack.js';
import { benchTelegram } from './b2-telegram.js';
import { benchRouting } from './b3-routing.js';
import { benchDigest } from './b4-digest.js';
import { benchKpis } from './b5-kpi.js';
import { benchDigestHistory } from './b5-digest.js';
import { printSummary, type Verdict } from './stats.js';
import { benchWebhookIdle } from './webhook-idle.js';
import { firstLeadLine, measureRoundTrips, roundTripsLine } from '../../test/support/round-trips.js';

const knobs = readKnobs();
const started = performance.now();
const db = await openBenchDb(knobs);
console.log(`database: ${db.description}; rounds: ${knobs.rounds}${knobs.quick ? ' (quick)' : ''}`);
const verdicts: Verdict[] = [];
let roundTrips: string | undefined;
try {
  // Database commands per operation, counted by the driver (the budget test asserts them).
  const measured = await measureRoundTrips(db.uri, `rt_${Math.random().toString(36).slice(2, 8)}`);
  roundTrips = roundTripsLine(measured);
  console.log(`${roundTrips}\n${firstLeadLine(measured)}`);
  console.log(await benchWebhookIdle(db, knobs.quick ? 5 : 20));
  if (knobs.only.has('B1') || knobs.only.has('B6')) verdicts.push(...(await benchSlack(db, knobs)));
  if (knobs.only.has('B2')) verdicts.push(...(await benchTelegram(db, knobs)));
  if (knobs.only.has('B3')) verdicts.push(...(await benchRouting(db, knobs)));
  if (knobs.only.has('B4')) verdicts.push(...(await benchDigest(db, knobs)));
  if (knobs.only.has('B5')) {
    verdicts.push(...(await benchKpis(db, knobs)));
    // Without facts every recipient's report would stream the history: run it with them only.
    if (process.env.BENCH_B5_STREAM !== '1') await benchDigestHistory(db, knobs);
  }
} finally {
  await db.close();
}
printSummary(verdicts);
if (roundTrips) console.log(roundTrips);
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
