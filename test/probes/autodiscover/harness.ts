import type { ConnectToRule } from '../../../src/core/connect-to';
import { parseAutodiscoverTarget } from '../../../src/core/mailbox';
import type { Report } from '../../../src/core/report';
import type { AutodiscoverOptions, SrvLookup } from '../../../src/probes/autodiscover/autodiscover-types';
import { runAutodiscover } from '../../../src/probes/autodiscover/run-autodiscover';
import { loopbackOptions } from '../../fixtures/check-harness';
import type { Pki } from '../../fixtures/pki';

/** Names that resolve nowhere: every host a test reaches is pinned with --connect-to, never real DNS. */
const noDns = (host: string): Promise<string[]> =>
  Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
export const noSrv: SrvLookup = (name) =>
  Promise.reject(Object.assign(new Error(`querySrv ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));

/** `host` → 127.0.0.1:port for https (443) or, with `http`, for the port-80 candidate. */
export const pin = (host: string, port: number, from = 443): ConnectToRule => ({
  host,
  port: from,
  address: '127.0.0.1',
  port2: port,
});

export function adOptions(
  pki: Pki,
  connectTo: ConnectToRule[],
  extra: Partial<AutodiscoverOptions> = {},
): AutodiscoverOptions {
  return {
    ...loopbackOptions(pki),
    lookup: noDns,
    resolveSrv: noSrv,
    connectTo,
    ...extra,
  };
}

export async function autodiscover(input: string, options: AutodiscoverOptions): Promise<Report> {
  const parsed = parseAutodiscoverTarget(input);
  if (!parsed.ok) throw new Error(parsed.reason);
  const outcome = await runAutodiscover(parsed.target, options);
  if (outcome.kind !== 'report') throw new Error(`refused: ${outcome.reason}`);
  return outcome.report;
}

export const allCodes = (report: Report): string[] => [
  ...report.findings.map((f) => f.code),
  ...(report.outlookAnywhere?.findings.map((f) => f.code) ?? []),
];
export const ownCodes = (report: Report): string[] => report.findings.map((f) => f.code);
