import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { packageRoot } from '../../src/core/package-info';

const root = packageRoot();
const schemaDir = path.join(root, '..', 'shared', 'slack-manifest-schema');

describe('manifest.yml', () => {
  const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as Record<string, unknown>;
  // Slack's published draft-07 schema; "format" keywords are annotations for us, not validated.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schema = JSON.parse(
    readFileSync(path.join(schemaDir, 'manifest.schema.1.0.0.json'), 'utf8'),
  ) as object;
  const validateManifest = ajv.compile(schema);

  it('validates against Slack’s manifest schema', () => {
    const valid = validateManifest(manifest);
    expect(validateManifest.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the validator rejects a broken manifest (so the test can fail)', () => {
    expect(validateManifest({ ...manifest, display_information: { name: 'x', colour: 'red' } })).toBe(false);
    expect(validateManifest({ features: {} })).toBe(false);
  });

  it('declares the command, the events, interactivity, Socket Mode and only the scopes the bot uses', () => {
    const text = JSON.stringify(manifest);
    expect(text).toContain('"command":"/rpccheck"');
    expect(text).toContain('"usage_hint"');
    const settings = manifest['settings'] as {
      event_subscriptions: { bot_events: string[] };
      interactivity: { is_enabled: boolean };
      socket_mode_enabled: boolean;
    };
    expect(settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(settings.interactivity.is_enabled).toBe(true);
    expect(settings.socket_mode_enabled).toBe(true);
    const scopes = (manifest['oauth_config'] as { scopes: { bot: string[] } }).scopes.bot;
    expect(scopes.sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'im:history']);
    expect(
      (manifest['features'] as { app_home: { messages_tab_enabled: boolean } }).app_home.messages_tab_enabled,
    ).toBe(true);
  });
});
