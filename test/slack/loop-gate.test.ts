import { LoopGate } from '../../src/slack/loop-gate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LoopGate', () => {
  it('lets a start through at once while the event loop is calm', async () => {
    let samples = 0;
    const gate = new LoopGate({ sampleMs: 5, utilization: () => (samples++, 0.1) });
    await sleep(20);
    const before = samples;
    await gate.calm();
    // No waiting: calm() returned without sleeping through further samples.
    expect(samples - before).toBeLessThanOrEqual(1);
    gate.close();
  });

  it('holds a start while the loop is busy and lets it go as soon as it calms down', async () => {
    let busy = true;
    const gate = new LoopGate({ sampleMs: 5, maxWaitMs: 60_000, utilization: () => (busy ? 0.95 : 0.2) });
    await sleep(20);
    let released = false;
    const start = gate.calm().then(() => (released = true));
    await sleep(30);
    expect(released).toBe(false);
    busy = false;
    await start;
    expect(released).toBe(true);
    gate.close();
  });

  it('never starves a start: it goes after maxWaitMs however busy the loop stays', async () => {
    const gate = new LoopGate({ sampleMs: 5, maxWaitMs: 50, utilization: () => 1 });
    await sleep(20);
    await expect(gate.calm()).resolves.toBeUndefined();
    gate.close();
  });
});
