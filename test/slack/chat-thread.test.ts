import type { Report } from '../../src/core/report';
import { loadThread, REPORT_FRESH_MS, saveThread, THREAD_TTL_MS } from '../../src/slack/chat-thread';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';

const target = { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 };
const report = {
  findings: [
    {
      code: 'rpc.auth_integrated',
      severity: 'warning',
      title: 'Integrated authentication offered: NTLM',
      detail: 'not kept',
      nextSteps: ['not kept'],
    },
  ],
} as unknown as Report;
const where = { channel: 'C1', threadTs: '1700000000.000100' };

describe("a thread's host and last report", () => {
  let store: SqliteStore;
  const warnings: string[] = [];
  const logger = { warn: (text: string) => warnings.push(text) } as unknown as Parameters<
    typeof saveThread
  >[0]['logger'];
  beforeEach(() => {
    store = new SqliteStore(':memory:');
  });
  afterEach(() => store.close());

  it('is kept with only what ranking needs, fresh for an hour, then stale, then gone', async () => {
    await saveThread({ store, logger }, where, target, report);
    const now = Date.now();
    const fresh = await loadThread({ store }, where, new Date(now + 1000));
    expect(fresh).toEqual({
      context: {
        target,
        findings: [{ code: 'rpc.auth_integrated', severity: 'warning', title: report.findings[0]?.title }],
      },
      fresh: true,
    });
    expect((await loadThread({ store }, where, new Date(now + REPORT_FRESH_MS + 1000)))?.fresh).toBe(false);
    expect(await loadThread({ store }, where, new Date(now + THREAD_TTL_MS + 1000))).toBeUndefined();
    expect(await loadThread({ store }, { ...where, threadTs: 'other' })).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('without a store there is no thread memory, and nothing throws', async () => {
    await expect(saveThread({ logger }, where, target, report)).resolves.toBeUndefined();
    expect(await loadThread({}, where)).toBeUndefined();
  });
});
