/**
 * Errors a person can act on. A UserError carries where the bad input is (file, line, column,
 * object, field path); the CLI prints it without a stack trace and exits with code 2.
 */

/** Where in an input file something is. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Bad input: printed as `file:line:col: Kind ns/name: field.path: message`, exit code 2. */
export class UserError extends Error {
  readonly location: SourceLocation | undefined;
  /** The object, as `Deployment default/web`. */
  readonly object: string | undefined;
  /** The field path, as `spec.template.spec.containers[0].resources.requests.cpu`. */
  readonly field: string | undefined;

  constructor(message: string, opts: { location?: SourceLocation; object?: string; field?: string } = {}) {
    super(message);
    this.name = 'UserError';
    this.location = opts.location;
    this.object = opts.object;
    this.field = opts.field;
  }

  /** One-line human form. */
  format(): string {
    const parts: string[] = [];
    if (this.location) {
      let loc = this.location.file;
      if (this.location.line !== undefined) loc += `:${this.location.line}`;
      if (this.location.column !== undefined) loc += `:${this.location.column}`;
      parts.push(loc);
    }
    if (this.object) parts.push(this.object);
    if (this.field) parts.push(this.field);
    parts.push(this.message);
    return parts.join(': ');
  }
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_EXPECT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
