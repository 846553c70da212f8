/**
 * Every refusal and failure the core can report, as a stable string code. Adapters map codes to
 * words in the reader's language; logs and tests match on codes, never on message text.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_ALLOWED',
  'UNKNOWN_PERSON',
  'PERSON_INACTIVE',
  'UNKNOWN_TEAM',
  'TEAM_EXISTS',
  'ALREADY_SET_UP',
  'ADDRESS_TAKEN',
  'INVITE_INVALID',
  'LEAD_NOT_FOUND',
  'LEAD_ALREADY_CLAIMED',
  'ILLEGAL_TRANSITION',
  'NOT_OFFERED_TO_YOU',
  'NOT_LEAD_OWNER',
  'MEETING_NOT_FOUND',
  'MEETING_IN_PAST',
  'ACCOUNT_NOT_FOUND',
  'RENEWAL_ALREADY_RECORDED',
  'API_KEY_NOT_FOUND',
  'CONFLICT',
  'DB_UNAVAILABLE',
  'DB_BUSY',
  'DUPLICATE_KEY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The codes the store translates driver and FerretDB failures into (src/store/store-errors.ts):
 * failures of the database, not refusals of the request, so they are never explained as one.
 */
export const STORE_FAILURES = [
  'DB_UNAVAILABLE',
  'DB_BUSY',
  'DUPLICATE_KEY',
] as const satisfies readonly ErrorCode[];

/** A field-specific validation problem: `field` is a stable path such as `contact.email`. */
export type FieldIssue = { field: string; code: string; message: string; params?: Record<string, unknown> };

/** An expected, explainable failure. `params` carries what the message needs (role, owner…). */
export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Record<string, unknown> = {},
    readonly issues: FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BatonError';
  }
}

export function isBatonError(err: unknown, code?: ErrorCode): err is BatonError {
  return err instanceof BatonError && (code === undefined || err.code === code);
}

/** A failure of the database (see {@link STORE_FAILURES}); `code` narrows it to one. */
export function isStoreFailure(err: unknown, code?: (typeof STORE_FAILURES)[number]): err is BatonError {
  return (
    err instanceof BatonError &&
    (STORE_FAILURES as readonly string[]).includes(err.code) &&
    (code === undefined || err.code === code)
  );
}

/** Validation failure with one issue per bad field. */
export function validationError(issues: FieldIssue[]): BatonError {
  return new BatonError(
    'VALIDATION_FAILED',
    issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    {},
    issues,
  );
}
