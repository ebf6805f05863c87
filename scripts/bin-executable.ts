import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/core/package-info';

/**
 * Build step: tsc writes files without the execute bit, and `npm link` sets it only when linking, so a
 * rebuilt dist/ (after `rm -rf dist`) would leave the linked `rpccheck` refusing to start. No-op on Windows.
 */
export function makeBinsExecutable(root: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  return bins.map((bin) => {
    const file = path.join(root, bin);
    chmodSync(file, statSync(file).mode | 0o111);
    return bin;
  });
}

if (require.main === module) makeBinsExecutable(packageRoot());
