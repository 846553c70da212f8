/**
 * Slack identities in Baton's platform-neutral terms: a person's address is `slack:<team>:<user>`
 * (platform-prefixed, like every address), and command text is normalised so the interactions layer
 * never sees Slack's `<@U…>` / `<mailto:…>` markup.
 */

const ADDRESS_RE = /^slack:([TE][A-Z0-9]+):([UW][A-Z0-9]+)$/;

/** A Slack user's address: `slack:T0123:U0456`. */
export function slackAddress(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}

/** The team and user of a Slack address, or null when it is not one. */
export function parseSlackAddress(address: string): { teamId: string; userId: string } | null {
  const m = ADDRESS_RE.exec(address);
  return m ? { teamId: m[1]!, userId: m[2]! } : null;
}

/** The Slack user id among `addresses` that belongs to workspace `teamId`, if any. */
export function slackUserIn(addresses: readonly string[], teamId: string): string | undefined {
  for (const a of addresses) {
    const parsed = parseSlackAddress(a);
    if (parsed && parsed.teamId === teamId) return parsed.userId;
  }
  return undefined;
}

/** Undoes Slack's escaping of `&`, `<` and `>` in message and command text. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Command text as the interactions layer reads it. With `should_escape: true` Slack sends
 * mentions as `<@U123|anna>`, channels as `<#C1|leads>`, emails as `<mailto:a@b.com|a@b.com>`,
 * links as `<https://x|x>` and user groups as `<!subteam^S1|@sales>`:
 * - a user mention becomes `@{slack:<team>:<user>}` (resolved by address);
 * - a channel becomes `#name` (or `#C1`), a user group its label;
 * - emails and links become their visible text, so `/lead` parses what the user typed;
 * - `&amp;`, `&lt;`, `&gt;` are unescaped last.
 */
export function normalizeCommandText(text: string, teamId: string): string {
  const out = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    const [target = '', label] = splitOnce(inner, '|');
    if (/^@[UW][A-Z0-9]+$/.test(target)) return `@{${slackAddress(teamId, target.slice(1))}}`;
    if (/^#[CG][A-Z0-9]+$/.test(target)) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '';
    if (target.startsWith('!')) return label ?? `@${target.slice(1)}`;
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    if (target.startsWith('tel:')) return label ?? target.slice('tel:'.length);
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return label ?? target;
    return whole;
  });
  return unescapeSlack(out).trim();
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}
