/** Longer lists end with "and N more": a refusal stays one readable line even for a scattered port list. */
const MAX_LIST_CHARS = 200;

/** Runs of consecutive ports, ascending: `[443, 443], [8000, 8100]`. */
export function portRuns(ports: Iterable<number>): [number, number][] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const port of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && port === last[1] + 1) last[1] = port;
    else runs.push([port, port]);
  }
  return runs;
}

/**
 * The allowed ports as an operator writes them (`443, 8000-8100`): three or more consecutive ports are a range,
 * so `1024-65535` is one item. Only whole items are shown; what does not fit is counted, never cut mid-range.
 */
export function formatPortList(ports: Iterable<number>): string {
  const items = portRuns(ports).flatMap(([low, high]) =>
    high - low >= 2 ? [`${low}-${high}`] : high === low ? [`${low}`] : [`${low}`, `${high}`],
  );
  let text = '';
  for (const [index, item] of items.entries()) {
    const next = text === '' ? item : `${text}, ${item}`;
    if (next.length > MAX_LIST_CHARS && index > 0) return `${text} and ${items.length - index} more`;
    text = next;
  }
  return text;
}
