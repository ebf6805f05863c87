import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { packageRoot } from '../../src/core/package-info';

describe('.env.example', () => {
  const root = packageRoot();
  const example = readFileSync(path.join(root, '.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));

  it('lists every variable the configuration reads, each with a comment', () => {
    const source = readFileSync(path.join(root, 'src', 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/'((?:SLACK|RPCCHECK)_[A-Z_]+|PORT)'/g)].map((m) => m[1]));
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
    for (const name of listed) expect(example).toMatch(new RegExp(`#[^\\n]*\\n${name}=`));
  });

  it('its defaults load (with Slack tokens filled in as a new admin would)', () => {
    const env: Record<string, string> = {};
    for (const match of example.matchAll(/^([A-Z_]+)=(.*)$/gm)) env[match[1] ?? ''] = match[2] ?? '';
    env['SLACK_BOT_TOKEN'] = 'xoxb-1';
    env['RPCCHECK_PROBE_USER'] = '';
    expect(() => loadConfig(env)).not.toThrow();
  });
});
