import { sqliteOpenError } from '../../src/store/open-errors';

const sqliteError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('what a failed SQLite open tells the user', () => {
  it('the file and the disk are the user’s to fix (exit 3, naming RPCCHECK_DB)', () => {
    expect(sqliteOpenError('/x/r.db', sqliteError('SQLITE_NOTADB', 'file is not a database'))?.message).toBe(
      'RPCCHECK_DB=/x/r.db is not a SQLite database (file is not a database)',
    );
    for (const code of ['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_FULL'])
      expect(sqliteOpenError('/x/r.db', sqliteError(code, 'disk trouble'))?.message).toBe(
        'cannot open RPCCHECK_DB=/x/r.db (disk trouble)',
      );
  });

  it('a failed migration statement stays a bug, not the user’s configuration', () => {
    expect(
      sqliteOpenError('/x/r.db', sqliteError('SQLITE_ERROR', 'near "TABL": syntax error')),
    ).toBeUndefined();
    expect(
      sqliteOpenError('/x/r.db', sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE failed')),
    ).toBeUndefined();
    expect(sqliteOpenError('/x/r.db', new Error('no code'))).toBeUndefined();
  });
});
