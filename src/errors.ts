/** @module errors — the error catalog: every error a client can see, with its code and HTTP status. */

/** The catalog. Codes are stable API: never rename or reuse one. */
export const ERRORS = {
  REQUEST_VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  REQUEST_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  REQUEST_INVALID_UTF8: { status: 400, message: 'The request body is not valid UTF-8' },
  REQUEST_BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'The request body must be application/json (images: the raw file)',
  },
  REQUEST_TEXT_INVALID: {
    status: 400,
    message: 'Text may not contain NUL characters or unpaired UTF-16 surrogates',
  },
  REQUEST_TEXT_BLANK: {
    status: 400,
    message: 'This text needs at least one visible character',
  },
  REQUEST_URL_INVALID: { status: 400, message: 'The request URL cannot be decoded' },
  REQUEST_URL_TOO_LONG: { status: 414, message: 'A part of the request URL is too long' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  REQUEST_MALFORMED_HTTP: { status: 400, message: 'The request is not valid HTTP' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive' },
  REQUEST_RATE_LIMITED: { status: 429, message: 'Too many requests; try again later' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  AUTH_REQUIRED: {
    status: 401,
    message: 'Sign in to the desk or send a valid bearer token',
  },
  AUTH_INVALID_TOKEN: { status: 401, message: 'The bearer token is unknown or revoked' },
  AUTH_FORBIDDEN: { status: 403, message: 'Your role does not allow this action' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The e-mail address or password is wrong' },
  AUTH_CSRF_INVALID: {
    status: 403,
    message: 'The x-csrf-token header is missing or wrong; reload the desk and try again',
  },
  AUTH_TOO_MANY_FAILURES: {
    status: 429,
    message: 'Too many failed sign-ins; wait a few minutes and try again',
  },
  USER_NOT_FOUND: { status: 404, message: 'No user with that id' },
  USER_EMAIL_TAKEN: { status: 409, message: 'A user with that e-mail address already exists' },
  USER_PASSWORD_MISMATCH: { status: 403, message: 'The current password is wrong' },
  USER_LAST_ADMIN: {
    status: 409,
    message: 'This is the last active admin; make another admin first',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message:
      'You signed in with a one-time password; choose your own password before doing anything else',
  },
  USER_PASSWORD_WEAK: {
    status: 400,
    message: 'Choose a longer or less common password',
  },
  USER_PASSWORD_TOO_MANY_FAILURES: {
    status: 429,
    message: 'Too many wrong current passwords; wait a few minutes and try again',
  },
  MEDIA_UNSUPPORTED_TYPE: {
    status: 415,
    message: 'Only JPEG, PNG, GIF and WebP images can be uploaded',
  },
  MEDIA_TOO_LARGE: { status: 413, message: 'The image file is too large' },
  MEDIA_TOO_MANY_PIXELS: { status: 422, message: 'The image has too many pixels' },
  MEDIA_UNREADABLE: { status: 422, message: 'The file is not a readable image' },
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media file' },
  MEDIA_BUSY: {
    status: 503,
    message: 'Too many images are being processed; try again in a few seconds',
  },
  PRESENCE_TOO_MANY_STREAMS: {
    status: 429,
    message: 'Too many presence streams are open; close a desk tab and try again',
  },
  STREAM_TOO_MANY_CONNECTIONS: {
    status: 429,
    message: 'This client has too many open streams; close some and try again',
  },
  STORY_NOT_FOUND: { status: 404, message: 'No story with that slug' },
  STORY_SLUG_TAKEN: { status: 409, message: 'A story with that slug already exists' },
  STORY_VERSION_CONFLICT: { status: 412, message: 'The story has changed since you read it' },
  UPDATE_NOT_FOUND: { status: 404, message: 'No update with that id in this story' },
  UPDATE_DELETED: { status: 410, message: 'This update has been deleted' },
  UPDATE_VERSION_CONFLICT: { status: 412, message: 'The update has changed since you read it' },
  PRECONDITION_REQUIRED: {
    status: 428,
    message: 'An If-Match header with the current version is required',
  },
  CLAIM_NOT_FOUND: { status: 404, message: 'No claim with that id' },
  CLAIM_VERSION_CONFLICT: { status: 412, message: 'The claim has changed since you read it' },
  CLAIM_MERGED: {
    status: 409,
    message: 'This claim was merged into another; write to that one (details.merged_into)',
  },
  CLAIM_MERGE_INVALID: { status: 409, message: 'These claims cannot be merged' },
  ATTRIBUTION_UPDATE_INVALID: {
    status: 400,
    message: 'The update is not a published update of a story this claim appears in',
  },
  ATTRIBUTION_NOT_FOUND: { status: 404, message: 'No statement with that id' },
  ATTRIBUTION_VERSION_CONFLICT: {
    status: 412,
    message: 'The statement has changed since you read it',
  },
  ATTRIBUTION_WITHDRAWN: {
    status: 409,
    message: 'This statement was withdrawn; it can no longer be corrected or withdrawn',
  },
  SOURCE_NOT_FOUND: { status: 404, message: 'No source with that id' },
  SOURCE_NAME_TAKEN: { status: 409, message: 'Another source already has that name or alias' },
  SOURCE_VERSION_CONFLICT: { status: 412, message: 'The source has changed since you read it' },
  SOURCE_MERGE_INVALID: { status: 409, message: 'These sources cannot be merged' },
  TOKEN_NOT_FOUND: { status: 404, message: 'No token with that id' },
  IMPORT_INVALID: { status: 400, message: 'The import file is not a Sitrep export' },
  IMPORT_EMPTY: { status: 400, message: 'The imported text has nothing to place' },
  IMPORT_DUPLICATE: {
    status: 409,
    message: 'This text was imported into the story before; nothing new was made',
  },
  IMPORT_UNREADABLE: { status: 400, message: 'The file cannot be read as UTF-8 text' },
  IMPORT_TOO_LARGE: { status: 413, message: 'The imported text is too large' },
  IMPORT_TOO_COMPLEX: {
    status: 422,
    message: 'The imported markup is nested too deep or has too many tags to read',
  },
  IMPORT_TOO_SLOW: {
    status: 422,
    message: 'Reading the imported text took too long; import it in smaller parts',
  },
  FEED_NOT_FOUND: { status: 404, message: 'No feed with that id in this story' },
  FEED_URL_INVALID: { status: 400, message: 'A feed address must be an absolute http(s) URL' },
  FEED_FETCH_FAILED: { status: 502, message: 'The feed could not be fetched' },
  FEED_INVALID: { status: 422, message: 'The document is not a readable RSS, Atom or JSON feed' },
  FEED_TOO_LARGE: { status: 413, message: 'The feed or one of its items is too large' },
  INBOX_ENTRY_NOT_FOUND: { status: 404, message: 'No imported text with that id in this story' },
  INBOX_ITEM_NOT_FOUND: {
    status: 404,
    message: 'No draft or suggested claim with that id in this imported text',
  },
  INBOX_ALREADY_DECIDED: {
    status: 409,
    message: 'Someone accepted or rejected this before you (details.state)',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'The database cannot be reached; try again shortly',
  },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The server is shutting down or not ready' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/** The one error class services throw; the server renders it as `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message ?? ERRORS[code].message, options)
    this.name = 'AppError'
    this.status = ERRORS[code].status
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError
