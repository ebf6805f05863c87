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
  // As the bot's client (app.ts): a 429 comes back to the caller, which decides whether to wait.
  client = new WebClient('xoxb-test', {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The 429s are the test's own doing: the SDK's warning about each would only fill the run's output.
    logLevel: LogLevel.ERROR,
  });
});
afterAll(() => slack.close());

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
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

  it('gives the slot back once the report is ready: a 429 on its post holds up no other check', async () => {
    const queue = new CheckQueue(1, logger, { placeholderAfterMs: 60000 });
    const events: string[] = [];
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const first = queue.submit({ client, channel: 'CS5', userId: 'U1', what: 'a:443' }, async (deliver) => {
      const posted = await deliver(report);
      events.push(posted.ok ? 'first delivered' : 'first failed');
    });
    const second = queue.submit({ client, channel: 'CS6', userId: 'U2', what: 'b:443' }, async () => {
      events.push('second started');
    });
    await Promise.all([first.done, second.done]);
    expect(events).toEqual(['second started', 'first delivered']);
    queue.close();
  });

  it('does not wait out a 429 on the waiting message: the report is posted as usual', async () => {
    const queue = new CheckQueue(1, logger, { placeholderAfterMs: 20, refreshMs: 600000 });
    const first = queue.submit({ client, channel: 'CS7', userId: 'U1', what: 'a:443' }, () => sleep(400));
    // The first message posted is the second check's waiting message.
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 5 });
    const second = queue.submit({ client, channel: 'CS8', userId: 'U2', what: 'b:443' }, (deliver) =>
      deliver(report).then(() => undefined),
    );
    await Promise.all([first.done, second.done]);
    const calls = slack.calls.filter((c) => c.body['channel'] === 'CS8');
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    expect(calls[1]?.body['text']).toBe('report');
    queue.close();
  });

  it('sends a position update Slack refused with a 429 again, though the position has not moved since', async () => {
    const queue = new CheckQueue(1, logger, { placeholderAfterMs: 0, refreshMs: 50 });
    const first = queue.submit({ client, channel: 'CS9', userId: 'U1', what: 'a:443' }, () => sleep(300));
    const second = queue.submit({ client, channel: 'CS10', userId: 'U2', what: 'b:443' }, () => sleep(600));
    // The first chat.update is the third check's move to next in line when the first check ends.
    slack.failNext('chat.update', { status: 429, retryAfter: 1 });
    const third = queue.submit({ client, channel: 'CS11', userId: 'U3', what: 'c:443' }, (deliver) =>
      deliver(report).then(() => undefined),
    );
    await Promise.all([first.done, second.done, third.done]);
    const updates = slack.calls.filter((c) => c.body['channel'] === 'CS11' && c.method === 'chat.update');
    const moves = updates.filter((c) => String(c.body['text']).includes('next in line'));
    expect(moves.length).toBe(2);
    expect(updates.at(-1)?.body['text']).toBe('report');
    queue.close();
  });
});
