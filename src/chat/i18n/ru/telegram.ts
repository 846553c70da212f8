import { registerCatalog, type Catalog } from '../i18n.js';

/** Слова, нужные только Telegram: меню команд, кнопки диалога, куда ушла форма. */
export const telegram: Catalog = {
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

registerCatalog('ru', telegram);
