// Errors that stop a run. Each becomes exit code 2 in cli/main.ts with its message,
// never a stack trace. A cost regression is a result, not an error, so it has no class here.

/** Base class: the message says what went wrong, where, and what to do next. */
export class AuditError extends Error {
  override name = 'AuditError';
}

/** The command line asks for something impossible (bad flag value, missing argument). */
export class UsageError extends AuditError {
  override name = 'UsageError';
}

/** An input path cannot be read at all (missing file, permission, not a log). */
export class InputError extends AuditError {
  override name = 'InputError';
}

/** Pricing data is invalid; `file` and `path` (a JSON path such as $.models[3].prices[0].input) say where. */
export class PricingError extends AuditError {
  override name = 'PricingError';
  readonly file: string;
  readonly path: string;
  constructor(file: string, path: string, detail: string) {
    super(`${file}: ${path}: ${detail}`);
    this.file = file;
    this.path = path;
  }
}
