import type { Target } from '../src/core/target';
import { pingEndpoint } from '../src/probes/rpc-ping/ping-endpoint';
import { checkReport, loopbackOptions } from '../test/fixtures/check-harness';
import { createPki } from '../test/fixtures/pki';
import { LAB, startLabProxy } from '../test/fixtures/rpch-emulator';
import { fmt, median, timed } from './measure';

const DELAY_MS = 100;
const RUNS = 5;

/**
 * A full authenticated check against the proxy emulator: NTLM names two back-end forms, so after the echo
 * (alone, so a wrong password costs one logon) six endpoint handshakes (12 TLS connections) run at once. Every proxy answer is delayed, so running them one
 * after another would show as a multiple of the single-ping time.
 */
export async function benchRpcPing(): Promise<string[]> {
  const pki = createPki();
  const proxy = await startLabProxy(pki, { ntlmChallenge: LAB.ntlm, delayMs: DELAY_MS });
  const fast = await startLabProxy(pki, { ntlmChallenge: LAB.ntlm });
  // Exchange 2016+ defaults: no Basic, so the check signs in with NTLMv2 (three legs per connection).
  const ntlmOnly = await startLabProxy(pki, {
    ntlmChallenge: LAB.ntlm,
    schemes: ['Negotiate', 'NTLM'],
    extendedProtection: true,
  });
  const target: Target = {
    input: 'mail.contoso.com',
    host: 'mail.contoso.com',
    port: proxy.port,
    connectAddress: '127.0.0.1',
  };
  const credentials = { user: LAB.user, password: LAB.password };
  const plain = loopbackOptions(pki, { timeoutMs: 5000 });
  const authenticated = { ...plain, credentials };
  const authorization = `Basic ${Buffer.from(`${LAB.user}:${LAB.password}`).toString('base64')}`;
  try {
    await checkReport(target, authenticated); // warm-up: trust store, JIT
    const single: number[] = [];
    for (let i = 0; i < RUNS; i++)
      single.push(
        (
          await timed(() =>
            pingEndpoint(
              {
                host: target.host,
                address: '127.0.0.1',
                port: proxy.port,
                timeoutMs: 5000,
                signIn: { scheme: 'Basic', authorization },
                certificateSha256: proxy.certificateSha256,
              },
              'EX01',
              6001,
            ),
          )
        ).ms,
      );
    const without: number[] = [];
    const full: number[] = [];
    const pingPart: number[] = [];
    let table = '';
    for (let i = 0; i < RUNS; i++) {
      without.push((await timed(() => checkReport(target, plain))).ms);
      const { ms, value } = await timed(() => checkReport(target, authenticated));
      full.push(ms);
      pingPart.push(value.rpcPing?.durationMs ?? Number.NaN);
      table = (value.rpcPing?.endpoints ?? []).map((e) => `${e.name}:${e.port}=${e.outcome}`).join(' ');
    }
    const undelayed: number[] = [];
    const ntlm: number[] = [];
    const fastTarget = { ...target, port: fast.port };
    const ntlmTarget = { ...target, port: ntlmOnly.port };
    let ntlmTable = '';
    for (let i = 0; i < RUNS; i++) {
      undelayed.push((await timed(() => checkReport(fastTarget, authenticated))).ms);
      const { ms, value } = await timed(() => checkReport(ntlmTarget, authenticated));
      ntlm.push(ms);
      ntlmTable = `${value.rpcPing?.signIn?.scheme ?? 'none'}: ${(value.rpcPing?.endpoints ?? []).filter((e) => e.outcome === 'ok').length} ok`;
    }
    return [
      `Authenticated check against the proxy emulator (every answer delayed ${DELAY_MS} ms), median of ${RUNS}:`,
      `  one endpoint ping (EX01:6001)        ${fmt(median(single))}`,
      `  echo, then 6 endpoint pings in parallel  ${fmt(median(pingPart))} (ratio to one ping ${(median(pingPart) / median(single)).toFixed(2)}: echo + one parallel round is ~2; one by one would be ~7)`,
      `  full check without credentials       ${fmt(median(without))}`,
      `  full check with credentials          ${fmt(median(full))}`,
      `  endpoints: ${table}`,
      `  full check with credentials, no added delay  ${fmt(median(undelayed))}`,
      `  the same signing in with NTLMv2 + channel binding (NTLM-only proxy, Extended Protection)  ${fmt(median(ntlm))} (ratio to Basic ${(median(ntlm) / median(undelayed)).toFixed(2)}; ${ntlmTable})`,
    ];
  } finally {
    await Promise.all([proxy.close(), fast.close(), ntlmOnly.close()]);
  }
}
