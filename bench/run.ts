import { benchAutodiscover } from './autodiscover';
import { benchBurst } from './burst';
import { benchKbMatch } from './kb-match';
import { benchParse } from './parse';
import { benchProbes } from './probes';
import { benchReplicas } from './replicas';
import { benchRpcPing } from './rpc-ping';
import { benchSlack } from './slack';
import { benchStartup } from './startup';
import { benchSweep } from './sweep';

/** `npm run bench`: prints figures; nothing here is asserted, so a loaded machine cannot fail a build. */
const sections: [string, () => Promise<string[]>][] = [
  ['Probe engine (issue 2)', benchProbes],
  ['Knowledge base (issue 3)', benchKbMatch],
  ['Slack bot (issue 4)', benchSlack],
  ['Certificate reminders (issue 5)', benchSweep],
  ['Authenticated RPC ping (issue 6)', benchRpcPing],
  ['Outage burst (issue 10)', benchBurst],
  ['CLI start-up (issue 10)', benchStartup],
  ['Parsing 40 KB of outside text (issue 10)', benchParse],
  ['Autodiscover and MAPI over HTTP (issue 13)', benchAutodiscover],
  ['Several replicas on one PostgreSQL (issue 11)', benchReplicas],
];

async function main(): Promise<void> {
  // `npm run bench -- burst` runs only the sections whose title contains one of the words given.
  const only = process.argv.slice(2).map((word) => word.toLowerCase());
  for (const [title, run] of sections) {
    if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word))) continue;
    console.log(`\n## ${title}`);
    try {
      for (const line of await run()) console.log(line);
    } catch (error) {
      console.log(`  failed: ${error instanceof Error ? error.stack : String(error)}`);
      process.exitCode = 1;
    }
  }
}

// Keep-alive sockets of the HTTP clients used above may hold the loop open for a while; the figures are out.
void main().finally(() => process.exit());
