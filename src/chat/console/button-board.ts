import type { ActionRef, Button } from '../message.js';

/** A button shown on the console, remembered under its number until the session ends. */
export type BoardEntry = {
  label: string;
  action: ActionRef;
  /** Whose message it was in: a console handle for a DM, undefined for the team room or a reply. */
  dmOf?: string;
};

/**
 * Numbers every button the console prints (`[1 Claim] [2 Pass]`) so it can be pressed with
 * `press 1` or just `1`. Numbers only grow, so an old button stays pressable (and the core then
 * says why it no longer applies, as Slack or Telegram would).
 */
export class ButtonBoard {
  private next = 1;
  private readonly entries = new Map<number, BoardEntry>();

  add(button: Button, dmOf?: string): number {
    const n = this.next++;
    this.entries.set(n, { label: button.label, action: button.action, ...(dmOf ? { dmOf } : {}) });
    return n;
  }

  get(n: number): BoardEntry | undefined {
    return this.entries.get(n);
  }
}
