/** One error hierarchy; mapped to UI messages in lib/actions/safe-action.ts and to HTTP in lib/api/respond.ts. */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal";
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = "bad_request";
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ValidationError";
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = "unauthorized";
  constructor(message = "Sign in first") {
    super(message);
    this.name = "UnauthorizedError";
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
  constructor(message = "Your role does not allow this") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(message = "Not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = "conflict";
  /** Optional field the conflict is about (e.g. a taken name), for showing it beside that field. */
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = "too_many_requests";
  constructor(message: string) {
    super(message);
    this.name = "TooManyRequestsError";
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload_too_large";
  constructor(message: string) {
    super(message);
    this.name = "PayloadTooLargeError";
  }
}

/** The storage device has no space left (ENOSPC/EDQUOT): 507 Insufficient Storage. */
export class StorageFullError extends AppError {
  readonly status = 507;
  readonly code = "storage_full";
  constructor(message: string) {
    super(message);
    this.name = "StorageFullError";
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
