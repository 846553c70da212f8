/** Bot API methods whose parameters the fake validates against a generated JSON Schema. */
export const SCHEMA_METHODS = [
  'answerCallbackQuery',
  'deleteMessage',
  'deleteMyCommands',
  'deleteWebhook',
  'editMessageReplyMarkup',
  'editMessageText',
  'getChat',
  'getChatMember',
  'getMyCommands',
  'getUpdates',
  'sendChatAction',
  'sendDocument',
  'sendMessage',
  'sendPhoto',
  'setMyCommands',
  'setWebhook',
] as const;

export type SchemaMethod = (typeof SCHEMA_METHODS)[number];

/** The alias in `schema-source.ts` that names the method's parameters: sendMessage → SendMessageParams. */
export const schemaTypeName = (method: SchemaMethod): string =>
  `${method[0]!.toUpperCase()}${method.slice(1)}Params`;
