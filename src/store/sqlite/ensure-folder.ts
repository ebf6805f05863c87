import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const errorCode = (error: unknown): unknown => (error as { code?: unknown }).code;

/**
 * Creates a folder and its missing parents, one mkdir per level. Node 20's `mkdirSync(…, { recursive: true })`
 * loops for ever where a parent exists but mkdir answers ENOENT (under /proc); here every level is tried once,
 * so the walk ends after as many steps as the path has parts, with the error of the level that failed.
 */
export function ensureFolder(folder: string): void {
  let isFolder: boolean | undefined;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (isFolder === true) return;
  if (isFolder === false)
    throw Object.assign(new Error(`${folder} is a file, not a folder`), { code: 'ENOTDIR' });
  const parent = path.dirname(folder);
  if (parent !== folder) ensureFolder(parent);
  try {
    mkdirSync(folder);
  } catch (error) {
    // Another process created it between our stat and mkdir.
    if (errorCode(error) === 'EEXIST' && statSync(folder).isDirectory()) return;
    throw error;
  }
}
