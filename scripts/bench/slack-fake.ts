import { webApiMethods } from '../../test/fakes/slack/web-api-methods.js';
import { createFakeSlack, type FakeSlack } from '../../test/fakes/slack/index.js';
import type { RateLimitOptions } from '../../test/fakes/slack/rate-limiter.js';

export const LEADS_CHANNEL = 'C0LEADS';
/** A Slack user id per seeded handle (`sdr1` → `U0SDR1`). */
export const slackUser = (handle: string) => `U0${handle.toUpperCase()}`;

/** Marks a benchmark request's lead: `BTK<n>Z` in the company name, found again in what is posted. */
export const token = (n: number) => `BTK${n}Z`;
const TOKEN = /BTK(\d+)Z/;

/** The fake Slack, telling `onPost` when (performance.now()) each chat.postMessage arrived. */
export async function trackedFakeSlack(opts: {
  handles: string[];
  onPost: (p: { n?: number; channel: string; at: number }) => void;
  rateLimits?: RateLimitOptions;
}): Promise<FakeSlack> {
  const post = webApiMethods['chat.postMessage']!;
  return createFakeSlack({
    users: opts.handles.map((h) => ({ id: slackUser(h), name: h, real_name: h })),
    ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
    methods: {
      'chat.postMessage': (args, ctx) => {
        const reply = post(args, ctx);
        if (reply.body.ok === true) {
          const m = TOKEN.exec(typeof args.text === 'string' ? args.text : JSON.stringify(args.blocks ?? ''));
          opts.onPost({
            ...(m ? { n: Number(m[1]) } : {}),
            channel: String(args.channel),
            at: performance.now(),
          });
        }
        return reply;
      },
    },
  });
}
