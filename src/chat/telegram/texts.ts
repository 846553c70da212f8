/**
 * The few words only Telegram needs (command menu, dialog controls, where a form went), in the
 * shared catalogs under `telegram.*`. Everything else the interactions layer words.
 */
import { registerCatalog, translator, type Catalog } from '../i18n/i18n.js';
import type { Locale } from '../../core/roster/team.js';

const en: Catalog = {
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

const ru: Catalog = {
  'telegram.cmd.start': 'Привязать аккаунт Telegram (можно с кодом приглашения)',
  'telegram.cmd.lead': 'Передать нового лида',
  'telegram.cmd.meeting': 'Назначить встречу по лиду',
  'telegram.cmd.team': 'Состав и настройки команды',
  'telegram.cmd.kpi': 'Ваши показатели (или команды)',
  'telegram.cmd.help': 'Что умеет Baton',
  'telegram.dialog.step': '{title} · {n}/{total}',
  'telegram.dialog.optional': 'необязательно',
  'telegram.dialog.current': 'Сейчас: {value}',
  'telegram.dialog.type': 'Напишите ответ.',
  'telegram.dialog.choose': 'Нажмите на вариант или напишите его.',
  'telegram.dialog.choose_many': 'Отметьте варианты и нажмите «Готово».',
  'telegram.dialog.back': '« Назад',
  'telegram.dialog.skip': 'Пропустить',
  'telegram.dialog.keep': 'Оставить',
  'telegram.dialog.done': 'Готово ✓',
  'telegram.dialog.cancel': 'Отмена',
  'telegram.dialog.more': 'Ещё »',
  'telegram.dialog.less': '« Назад к списку',
  'telegram.dialog.no_match': 'Такого варианта нет. Нажмите на одну из кнопок.',
  'telegram.dialog.fix': 'Исправьте, пожалуйста:',
  'telegram.dialog.stale': 'На этот вопрос уже есть ответ.',
  'telegram.dialog.expired': 'Эта форма закрыта. Запустите команду заново.',
  'telegram.dialog.cancelled': 'Отменено. Ничего не сохранено.',
  'telegram.form_in_dm': 'Отправил форму вам в личные сообщения.',
  'telegram.dm_first': 'Я пока не могу написать вам лично. Откройте чат с @{bot}, нажмите «Начать» и повторите команду.',
  'telegram.button_unknown': 'Эта кнопка больше не работает.',
};

registerCatalog('en', en);
registerCatalog('ru', ru);

/** The Telegram words in `locale`. */
export const tgText = (locale: Locale) => translator(locale);

/** Keys this module adds (tests check both languages have each). */
export const TELEGRAM_TEXT_KEYS = Object.keys(en);
