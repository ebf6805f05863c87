import { createTargetPolicy } from '../src/core/target-policy';
import { parseAutodiscoverResponse } from '../src/probes/autodiscover/parse-response';
import { runAutodiscover } from '../src/probes/autodiscover/run-autodiscover';
import { settingsXml, startAutodiscoverEmulator } from '../test/fixtures/autodiscover-emulator';
import { createPki } from '../test/fixtures/pki';
import { fmt, median, timed } from './measure';

/** Parses per second of the settings XML, and one full walk against loopback emulators. */
function parseRate(body: string, rounds: number): number {
  parseAutodiscoverResponse(body);
  const started = performance.now();
  for (let i = 0; i < rounds; i++) parseAutodiscoverResponse(body);
  return (performance.now() - started) / rounds;
}

export async function benchAutodiscover(): Promise<string[]> {
  const typical = settingsXml({
    exprServer: 'mail.contoso.com',
    authPackage: 'Ntlm',
    certPrincipalName: 'msstd:mail.contoso.com',
    mapiHost: 'mail.contoso.com',
  });
  // The largest body accepted (just under 256 KB): the same settings with many extra Protocol blocks.
  const block =
    '<Protocol><Type>WEB</Type><Server>web.contoso.com</Server><ASUrl>https://mail.contoso.com/EWS/Exchange.asmx</ASUrl></Protocol>';
  const big = typical.replace(
    '</Account>',
    `${block.repeat(Math.floor((255 * 1024 - typical.length) / block.length))}</Account>`,
  );
  const deep = `<Autodiscover>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Autodiscover>`;
  const typicalMs = parseRate(typical, 2000);
  const bigMs = parseRate(big, 20);
  const deepMs = parseRate(deep, 50);
  const per40k = (bigMs / big.length) * 40 * 1024;

  const pki = createPki();
  const leaf = pki.issueLeaf({ names: ['autodiscover.contoso.com'] });
  const ad = await startAutodiscoverEmulator(
    { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
    { answer: 'exchange', mapi: { healthcheck: 'EX01.contoso.local' } },
  );
  const walks: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const { ms } = await timed(() =>
        runAutodiscover(
          { input: 'alice@contoso.com', domain: 'contoso.com', email: 'alice@contoso.com' },
          {
            policy: createTargetPolicy({ allowTargets: '127.0.0.0/8', allowedPorts: '1-65535' }),
            timeoutMs: 3000,
            warnDays: 30,
            extraCaPem: [pki.root.certPem],
            httpPort: 1,
            lookup: (host) => Promise.reject(Object.assign(new Error(host), { code: 'ENOTFOUND' })),
            resolveSrv: (name) => Promise.reject(Object.assign(new Error(name), { code: 'ENOTFOUND' })),
            connectTo: [
              { host: 'autodiscover.contoso.com', port: 443, address: '127.0.0.1', port2: ad.port },
            ],
          },
        ),
      );
      walks.push(ms);
    }
  } finally {
    await ad.close();
  }
  return [
    `Settings XML (fast-xml-parser, DTD refused, 256 KB bound): ${(typicalMs * 1000).toFixed(0)} µs for a ${(typical.length / 1024).toFixed(1)} KB answer`,
    `  largest accepted body (${(big.length / 1024).toFixed(0)} KB): ${bigMs.toFixed(1)} ms, ${per40k.toFixed(1)} ms per 40 KB (budget 50 ms per 40 KB)`,
    `  5000-deep nesting (refused at 32 levels): ${deepMs.toFixed(2)} ms`,
    `Autodiscover walk, 4 candidates at once + MAPI checks, loopback emulator: median ${fmt(median(walks))} of ${walks.length}`,
  ];
}
