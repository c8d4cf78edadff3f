/**
 * Reading users' files with file-system errors turned into located UserErrors (exit 2): a
 * symbolic-link loop, a dangling link, a folder where a file is expected, a file that cannot be
 * read. Every input path kubesim reads goes through here, so none escapes as a stack trace.
 */
import { lstatSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { UserError } from '../cli/errors.ts';

/** A human reason for a Node.js file-system error on `file` (what went wrong, not a stack). */
export function describeFsError(err: unknown, file: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': {
      // A dangling symbolic link reads as "no such file": say which link points where.
      try {
        if (lstatSync(file).isSymbolicLink()) return `dangling symbolic link: its target ${readlinkSync(file)} does not exist`;
      } catch {
        /* not a link either */
      }
      return 'no such file or directory';
    }
    case 'ELOOP':
      return 'symbolic link loop (too many levels of symbolic links)';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ENOTDIR':
      return 'a part of this path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (the file cannot be read by this user)';
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return `cannot read: ${e?.code ? `${e.code} ` : ''}${(e?.message ?? String(err)).split('\n')[0]}`;
  }
}

/** A UserError at `file` for a file-system error; `what` names the file's role ("scenario file"). */
export function fsUserError(err: unknown, file: string, what?: string): UserError {
  const reason = describeFsError(err, file);
  if (what && reason === 'no such file or directory') return new UserError(`${what} not found`, { location: { file } });
  return new UserError(what ? `${what}: ${reason}` : reason, { location: { file } });
}

/** stat (following links) or a located UserError. */
export function statOrFail(file: string, what?: string): Stats {
  try {
    return statSync(file);
  } catch (err) {
    throw fsUserError(err, file, what);
  }
}

/**
 * The UTF-8 text of a regular file, or a located UserError: not found, a folder, a link loop,
 * unreadable. `what` names the file's role in messages ("scenario file", "CSV file").
 */
export function readTextFile(file: string, what?: string): string {
  const st = statOrFail(file, what);
  if (st.isDirectory()) throw new UserError(`${what ? `${what}: ` : ''}is a folder, expected a file`, { location: { file } });
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw fsUserError(err, file, what);
  }
}
