import { readFileSync } from 'node:fs';

/** Sums self time per function (name + file + line) in a V8 .cpuprofile: what the main thread spent time on. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function topSelfTime(file: string, count = 20): { name: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const micros = profile.timeDeltas[i] ?? 0;
    const where = frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^node:/, '');
    const name = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
    totals.set(name, (totals.get(name) ?? 0) + micros);
    all += micros;
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / all }));
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: cpuprofile-top FILE.cpuprofile [COUNT]');
  for (const row of topSelfTime(file, Number(count ?? 25)))
    console.log(
      `${row.ms.toFixed(0).padStart(7)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`,
    );
}
