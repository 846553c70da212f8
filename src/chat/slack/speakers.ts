import type { webApi } from '@slack/bolt';
import type { Speaker } from '../interactions/types.js';
import { slackAddress } from './ids.js';

type WebClient = webApi.WebClient;

type Profile = { name?: string; realName?: string; locale?: string; tz?: string; at: number };

/** Who the users of the workspace are, from `users.info` (cached: it costs a Web API call). */
export type SpeakerDirectory = {
  /**
   * The speaker, with locale and zone from Slack's profile when known. Waits at most `budgetMs`
   * for `users.info` (default 800; 0 = cache only) so a modal's trigger_id never expires behind
   * it; a slower lookup still fills the cache for the next request.
   */
  speaker(teamId: string, userId: string, fallbackName?: string, budgetMs?: number): Promise<Speaker>;
};

/** Creates the directory; entries live `ttlMs` (default 10 minutes). */
export function createSpeakerDirectory(
  client: WebClient,
  opts: { ttlMs?: number; now?: () => number } = {},
): SpeakerDirectory {
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Profile>();
  const inFlight = new Map<string, Promise<Profile | undefined>>();

  function fetchProfile(userId: string): Promise<Profile | undefined> {
    let p = inFlight.get(userId);
    if (!p) {
      p = client.users
        .info({ user: userId, include_locale: true })
        .then((res) => {
          const u = res.user;
          const profile: Profile = {
            at: now(),
            ...(u?.name ? { name: u.name } : {}),
            ...(u?.real_name ? { realName: u.real_name } : {}),
            ...(u?.locale ? { locale: u.locale } : {}),
            ...(u?.tz ? { tz: u.tz } : {}),
          };
          cache.set(userId, profile);
          return profile;
        })
        .catch(() => undefined)
        .finally(() => inFlight.delete(userId));
      inFlight.set(userId, p);
    }
    return p;
  }

  return {
    async speaker(teamId, userId, fallbackName, budgetMs = 800) {
      let profile = cache.get(userId);
      if (!profile || now() - profile.at > ttl) {
        const lookup = fetchProfile(userId);
        profile =
          budgetMs <= 0
            ? profile
            : ((await Promise.race([
                lookup,
                new Promise<undefined>((r) => setTimeout(() => r(undefined), budgetMs).unref()),
              ])) ?? profile);
      }
      const username = profile?.name ?? fallbackName;
      const name = profile?.realName ?? username;
      return {
        address: slackAddress(teamId, userId),
        platform: 'slack',
        ...(name ? { name } : {}),
        ...(username ? { username } : {}),
        ...(profile?.locale ? { locale: profile.locale } : {}),
        ...(profile?.tz ? { timezone: profile.tz } : {}),
      };
    },
  };
}
