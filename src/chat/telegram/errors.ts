/** Failures of the Telegram adapter itself, each with a stable code for logs and tests. */
export type TelegramAdapterErrorCode =
  /** Webhook mode was configured but no HTTP server was given to serve it on. */
  | 'TELEGRAM_WEBHOOK_NEEDS_HTTP'
  /** The update could not be recorded in the inbound journal (database down): not processed. */
  | 'TELEGRAM_UPDATE_NOT_RECORDED'
  /** The Bot API refused the token at start-up (401, or 404 for a token it does not know). */
  | 'TELEGRAM_TOKEN_REFUSED';

/** An adapter failure; `code` says which. */
export class TelegramAdapterError extends Error {
  constructor(
    readonly code: TelegramAdapterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TelegramAdapterError';
  }
}
