/** The error body the Bot API answers with; the HTTP status equals `error_code`. */
export interface BotApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Thrown by method handlers; the server turns it into a Bot API error response. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: BotApiErrorBody['parameters'],
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  toBody(): BotApiErrorBody {
    const body: BotApiErrorBody = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export const badRequest = (detail: string): BotApiError => new BotApiError(400, `Bad Request: ${detail}`);

export const tooManyRequests = (retryAfterS: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfterS}`, { retry_after: retryAfterS });

export const unauthorized = (): BotApiError => new BotApiError(401, 'Unauthorized');

export const notFound = (): BotApiError => new BotApiError(404, 'Not Found');

export const conflict = (detail: string): BotApiError => new BotApiError(409, `Conflict: ${detail}`);

export const forbidden = (detail: string): BotApiError => new BotApiError(403, `Forbidden: ${detail}`);
