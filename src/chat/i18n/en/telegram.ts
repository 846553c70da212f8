import { registerCatalog, type Catalog } from '../i18n.js';

/** The words only Telegram needs: its command menu, the dialog controls, where a form went. */
export const telegram: Catalog = {
  'telegram.cmd.start': 'Link your Telegram account (optionally with an invite code)',
  'telegram.cmd.lead': 'Hand over a new lead',
  'telegram.cmd.meeting': 'Book a meeting for a lead',
  'telegram.cmd.team': 'Team members and settings',
  'telegram.cmd.kpi': 'Your numbers (or the team’s)',
  'telegram.cmd.help': 'What Baton can do',
  'telegram.dialog.step': '{title} · {n}/{total}',
  'telegram.dialog.optional': 'optional',
  'telegram.dialog.current': 'Now: {value}',
  'telegram.dialog.type': 'Type your answer.',
  'telegram.dialog.choose': 'Tap an option, or type it.',
  'telegram.dialog.choose_many': 'Tap options to tick them, then “Done”.',
  'telegram.dialog.back': '« Back',
  'telegram.dialog.skip': 'Skip',
  'telegram.dialog.keep': 'Keep',
  'telegram.dialog.done': 'Done ✓',
  'telegram.dialog.cancel': 'Cancel',
  'telegram.dialog.more': 'More »',
  'telegram.dialog.less': '« Prev',
  'telegram.dialog.no_match': 'That is not one of the options. Tap one of the buttons.',
  'telegram.dialog.fix': 'Please fix this:',
  'telegram.dialog.stale': 'That question was already answered.',
  'telegram.dialog.expired': 'This form is closed. Run the command again to start over.',
  'telegram.dialog.cancelled': 'Cancelled. Nothing was saved.',
  'telegram.form_in_dm': 'I’ve sent you the form in our private chat.',
  'telegram.dm_first': 'I can’t write to you privately yet. Open a chat with @{bot}, press Start, then run the command again.',
  'telegram.button_unknown': 'This button no longer works.',
};

registerCatalog('en', telegram);
