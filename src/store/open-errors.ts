import { statSync } from 'node:fs';
import { RpccheckError } from '../core/errors';

/**
 * Why a store could not be opened, as the one line a user can act on (exit 3), naming the variable to fix.
 * Only failures of the file, the folder or the server are translated; anything else stays a bug.
 */

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** `ENOENT: no such file or directory, open '/x'` → `no such file or directory`: the path is said once, by us. */
export function systemErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^E[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

const isFolder = (file: string): boolean => {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
};

/** A failed SQLite open (better-sqlite3's SqliteError, or the folder's mkdir) as RPCCHECK_DB's error. */
export function sqliteOpenError(file: string, error: unknown): RpccheckError | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const where = `RPCCHECK_DB=${file}`;
  const text = systemErrorText(error);
  let message: string;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    message = `${where} is not a SQLite database (${text})`;
  else if (code === 'SQLITE_CANTOPEN' && isFolder(file))
    message = `${where} is a folder; name a database file in it (e.g. ${file.replace(/\/+$/, '')}/rpccheck.db)`;
  // The file's and the disk's failures only: the constructor also migrates, and a failed statement is a bug.
  else if (/^SQLITE_(?:CANTOPEN|PERM|READONLY|BUSY|LOCKED|IOERR|FULL|AUTH)/.test(code))
    message = `cannot open ${where} (${text})`;
  else if (/^E[A-Z]+$/.test(code)) {
    const folder = (error as { path?: unknown }).path;
    message = `cannot create the folder of ${where} (${typeof folder === 'string' ? `${folder}: ` : ''}${text})`;
  } else return undefined;
  return new RpccheckError('store.unavailable', message, { cause: error });
}

/**
 * SQLSTATE classes that are the server's or the URL's fault: connection (08), authorization (28), no such
 * database (3D000), resources (53), operator intervention (57: shutting down, starting up).
 */
const CONNECTION_SQLSTATE = /^(08|28|3D|53|57)/;

/** A failed PostgreSQL open as RPCCHECK_DATABASE_URL's error; the URL (and so its password) is never printed. */
export function postgresOpenError(url: string, error: unknown): RpccheckError | undefined {
  const code = codeOf(error);
  const isServerError = (error as { severity?: unknown } | undefined)?.severity !== undefined;
  // Other server errors (a failed migration statement) are ours to fix.
  if (isServerError && (code === undefined || !CONNECTION_SQLSTATE.test(code))) return undefined;
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of urlSecrets(url)) text = text.split(secret).join('***');
  const message = isServerError
    ? `PostgreSQL at RPCCHECK_DATABASE_URL refused the connection (${text})`
    : `cannot reach PostgreSQL at RPCCHECK_DATABASE_URL (${text})`;
  return new RpccheckError('store.unavailable', message, { cause: error });
}

function urlSecrets(url: string): string[] {
  try {
    const { password } = new URL(url);
    return [url, password, decodeURIComponent(password)].filter((secret) => secret.length >= 3);
  } catch {
    return [url];
  }
}
