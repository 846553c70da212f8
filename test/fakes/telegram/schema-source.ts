// Input for `npm run gen:telegram-schemas`: one exported alias per Bot API method the fake
// validates. The aliases resolve the parameter types that @telegraf/types declares in `ApiMethods`.
import type { Opts } from '@telegraf/types';

/**
 * A file on the wire. In JSON it is a file_id or URL (a string); a multipart upload is a part of
 * its own, which the fake replaces by the string `attach://<part>` before validating.
 */
type WireFile = never;
type Params = Opts<WireFile>;

export type AnswerCallbackQueryParams = Params['answerCallbackQuery'];
export type DeleteMessageParams = Params['deleteMessage'];
export type DeleteMyCommandsParams = Params['deleteMyCommands'];
export type DeleteWebhookParams = Params['deleteWebhook'];
export type EditMessageReplyMarkupParams = Params['editMessageReplyMarkup'];
export type EditMessageTextParams = Params['editMessageText'];
export type GetChatParams = Params['getChat'];
export type GetChatMemberParams = Params['getChatMember'];
export type GetMyCommandsParams = Params['getMyCommands'];
export type GetUpdatesParams = Params['getUpdates'];
export type SendChatActionParams = Params['sendChatAction'];
export type SendDocumentParams = Params['sendDocument'];
export type SendMessageParams = Params['sendMessage'];
export type SendPhotoParams = Params['sendPhoto'];
export type SetMyCommandsParams = Params['setMyCommands'];
export type SetWebhookParams = Params['setWebhook'];
