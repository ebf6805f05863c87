import { type Logger, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { CheckQueue } from '../../src/slack/check-queue';
import { type FakeSlackApi, startFakeSlackApi } from '../fixtures/fake-slack-api';

let slack: FakeSlackApi;
let client: WebClient;
const quiet = (): void => undefined;
const logger: Logger = {
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: quiet,
  setLevel: quiet,
  getLevel: () => LogLevel.ERROR,
  setName: quiet,
};

beforeAll(async () => {
  slack = await startFakeSlackApi();
  client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterAll(() => slack.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const report = { text: 'report', blocks: [] };

describe('CheckQueue waiting messages', () => {
  it('a short wait posts no waiting message: the ack told the place, the report is posted as usual', async () => {
    const queue = new CheckQueue(1, logger, { placeholderAfterMs: 1000 });
    const first = queue.submit({ client, channel: 'CS1', userId: 'U1', what: 'a:443' }, async (deliver) => {
      await sleep(100);
      await deliver(report);
    });
    const second = queue.submit({ client, channel: 'CS2', userId: 'U2', what: 'b:443' }, (deliver) =>
      deliver(report).then(() => undefined),
    );
    expect(first.ahead).toBeUndefined();
    expect(second.ahead).toBe(0);
    await Promise.all([first.done, second.done]);
    const calls = slack.calls.filter((c) => c.body['channel'] === 'CS1' || c.body['channel'] === 'CS2');
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    queue.close();
  });

  it('a long wait posts one, and the work failing settles `done` with its error', async () => {
    const queue = new CheckQueue(1, logger, { placeholderAfterMs: 50, refreshMs: 50 });
    const first = queue.submit({ client, channel: 'CS3', userId: 'U1', what: 'a:443' }, async () => {
      await sleep(400);
      throw new Error('probe engine exploded');
    });
    const second = queue.submit({ client, channel: 'CS4', userId: 'U2', what: 'b:443' }, (deliver) =>
      deliver(report).then(() => undefined),
    );
    await expect(first.done).rejects.toThrow('probe engine exploded');
    await second.done;
    const calls = slack.calls.filter((c) => c.body['channel'] === 'CS4');
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(JSON.stringify(calls[0]?.body)).toContain('next in line');
    expect(calls[1]?.body['text']).toBe('report');
    queue.close();
  });
});
