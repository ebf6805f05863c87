import { execFile } from 'node:child_process';

/**
 * What shell reminder scripts do, once per host: `openssl s_client` for the certificate, `openssl x509` for
 * its end date. The sequential loop is the baseline the sweep's throughput is compared against (spec §11).
 */
export function opensslEnddate(port: number, servername: string): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(
      'sh',
      [
        '-c',
        `echo | openssl s_client -connect 127.0.0.1:${port} -servername ${servername} 2>/dev/null | openssl x509 -noout -enddate`,
      ],
      () => resolve(performance.now() - started),
    );
  });
}

/** Sequential loop over `hosts` (name and port): milliseconds per host. */
export async function opensslLoopMsPerHost(
  hosts: readonly { name: string; port: number }[],
): Promise<number> {
  const started = performance.now();
  for (const host of hosts) await opensslEnddate(host.port, host.name);
  return (performance.now() - started) / Math.max(1, hosts.length);
}
