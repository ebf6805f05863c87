import { fork } from 'node:child_process';
import path from 'node:path';
import { startIisEmulator } from '../test/fixtures/iis-emulator';
import { createPki } from '../test/fixtures/pki';

/**
 * Local TLS servers in a child process, so a bench or a profile of the client sees only the client's work:
 * in one process the emulator's server-side handshakes (RSA signatures) cost as much as the checks do.
 */
export interface FarmSpec {
  /** Certificate lifetimes in days: one leaf (for *.contoso.com) per entry, `serversPerLeaf` servers each. */
  leafDays: number[];
  serversPerLeaf: number;
}

export interface Farm {
  ports: number[];
  /** PEM of the farm's root CA: the extra trust anchor a check needs. */
  rootPem: string;
  close(): Promise<void>;
}

interface Ready {
  ports: number[];
  rootPem: string;
}

/** Runs in the child: builds the PKI, starts the servers, reports their ports, serves until killed. */
async function serve(spec: FarmSpec): Promise<void> {
  const pki = createPki();
  const servers = await Promise.all(
    spec.leafDays.flatMap((days) => {
      const leaf = pki.issueLeaf({ names: ['*.contoso.com'], days });
      return Array.from({ length: spec.serversPerLeaf }, () =>
        startIisEmulator({
          mode: 'integrated',
          tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
          ntlm: {
            netbiosComputer: 'EX01',
            netbiosDomain: 'CONTOSO',
            dnsComputer: 'ex01.contoso.local',
            dnsDomain: 'contoso.local',
          },
          healthcheck: 'ex01.contoso.local',
        }),
      );
    }),
  );
  const ready: Ready = { ports: servers.map((s) => s.port), rootPem: pki.root.certPem };
  process.send?.(ready);
  process.on('disconnect', () => process.exit(0));
}

export function startFarm(spec: FarmSpec): Promise<Farm> {
  const child = fork(path.join(__dirname, 'server-farm.js'), [JSON.stringify(spec)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server farm exited early (${code})`)));
    child.once('message', (message) => {
      const ready = message as Ready;
      resolve({
        ...ready,
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

if (require.main === module && process.argv[2] !== undefined)
  void serve(JSON.parse(process.argv[2]) as FarmSpec);
