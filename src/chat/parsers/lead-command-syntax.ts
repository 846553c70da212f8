import type { LeadInput } from '../../core/leads/lead-input.js';
import type { Locale, Team } from '../../core/roster/team.js';
import { hasKey, t } from '../i18n/i18n.js';
import { PACKS, WORDS } from '../i18n/locales.js';
import type { LeadVerb } from '../i18n/words.js';
import { LEAD_REF, whichLead, whichPerson, wordsOf } from './command-syntax.js';
import { parseLeadSyntax } from './lead-syntax.js';

/** What `/lead …` asks for, before anything is looked up or changed. */
export type LeadIntent =
  | { kind: 'form' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'show' | 'claim' | 'won'; ref: string }
  | { kind: 'pass'; ref: string; reason?: string }
  | { kind: 'dq'; ref: string; reason: string }
  | { kind: 'lost'; ref: string; reason?: string }
  | { kind: 'reassign'; ref: string; who: string; reason?: string }
  | { kind: 'create'; input: LeadInput };

/**
 * Reads `/lead …`: nothing → the form; `list`, `help`; a verb and a lead (`claim L-12`,
 * `lost L-12 price`); anything else is a new lead in the quick syntax. A verb without a lead is
 * asked about ("which lead? e.g. /lead claim L-12") rather than read as a company called "claim"
 * — unless the text has the quick syntax's `;`, which only a new lead has.
 */
export function parseLeadCommand(text: string, team: Pick<Team, 'leadSources' | 'currency' | 'lossReasons'>): LeadIntent {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'form' };
  const [first = '', ref = '', ...rest] = wordsOf(trimmed);
  const v = first.toLowerCase();
  const oneLine = !/[;\n]/.test(trimmed);
  if (oneLine && WORDS.help.includes(v)) return { kind: 'help' };
  if (oneLine && WORDS.leadList.includes(v)) return { kind: 'list' };
  const verb: LeadVerb | undefined = oneLine && Object.hasOwn(WORDS.leadVerbs, v) ? WORDS.leadVerbs[v] : undefined;
  if (verb) {
    if (!LEAD_REF.test(ref)) whichLead(`/lead ${first} L-12${verb === 'reassign' ? ' @anna' : ''}`);
    const reason = rest.join(' ').trim();
    switch (verb) {
      case 'show':
      case 'claim':
      case 'won':
        return { kind: verb, ref };
      case 'pass':
        return { kind: 'pass', ref, ...(reason ? { reason } : {}) };
      case 'dq':
        return { kind: 'dq', ref, reason };
      case 'lost':
        return { kind: 'lost', ref, ...(reason ? { reason: lossReasonOf(reason, team.lossReasons) } : {}) };
      case 'reassign': {
        const [who = '', ...why] = rest;
        if (!who) whichPerson(`/lead ${first} ${ref} @anna`);
        return { kind: 'reassign', ref, who, ...(why.length ? { reason: why.join(' ') } : {}) };
      }
    }
  }
  return { kind: 'create', input: parseLeadSyntax(trimmed, team.leadSources, team.currency) };
}

/** A loss reason as typed — its id, or its words in any language ("price" as Russian says it → price). */
export function lossReasonOf(typed: string, reasons: readonly string[]): string {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const want = norm(typed);
  for (const r of reasons) {
    if (norm(r) === want) return r;
    const key = `loss.${r}`;
    for (const locale of Object.keys(PACKS) as Locale[])
      if (hasKey(locale, key) && norm(t(locale, key)) === want) return r;
  }
  return typed;
}
