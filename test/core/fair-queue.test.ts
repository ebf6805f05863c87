import fc from 'fast-check';
import { FairQueue, type Ticket } from '../../src/core/fair-queue';

/** A job that runs until the test releases it, recording the order in which jobs started. */
function harness(limit: number) {
  const queue = new FairQueue(limit);
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const add = (key: string, name: string): Ticket =>
    queue.enqueue(key, () => {
      started.push(name);
      return new Promise<void>((resolve) => release.set(name, resolve));
    });
  const finish = async (name: string): Promise<void> => {
    const done = release.get(name);
    if (!done) throw new Error(`${name} is not running`);
    release.delete(name);
    done();
    // Let the queue's finally() run and start the next job.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { queue, started, add, finish, running: () => [...release.keys()] };
}

describe('FairQueue', () => {
  it('runs at most `limit` jobs at once and starts the next when one finishes', async () => {
    const { queue, started, add, finish } = harness(2);
    add('a', 'a1');
    add('b', 'b1');
    add('c', 'c1');
    expect(started).toEqual(['a1', 'b1']);
    expect(queue.running).toBe(2);
    expect(queue.queued).toBe(1);
    await finish('a1');
    expect(started).toEqual(['a1', 'b1', 'c1']);
    expect(queue.queued).toBe(0);
  });

  it('takes waiting jobs round-robin across keys, so one key cannot starve the others', async () => {
    const { started, add, finish } = harness(1);
    add('busy', 'busy0');
    for (let i = 1; i <= 4; i++) add('busy', `busy${i}`);
    add('alice', 'alice1');
    add('bob', 'bob1');
    add('alice', 'alice2');
    for (const name of ['busy0', 'busy1', 'alice1', 'bob1', 'busy2', 'alice2', 'busy3']) await finish(name);
    expect(started).toEqual(['busy0', 'busy1', 'alice1', 'bob1', 'busy2', 'alice2', 'busy3', 'busy4']);
  });

  it('says how many jobs start before a waiting one, and nothing once it has started', async () => {
    const { queue, add, finish } = harness(1);
    add('busy', 'busy0');
    const busy1 = add('busy', 'busy1');
    const busy2 = add('busy', 'busy2');
    const alice = add('alice', 'alice1');
    // Order to come: busy1, alice1, busy2.
    expect(queue.ahead(busy1)).toBe(0);
    expect(queue.ahead(alice)).toBe(1);
    expect(queue.ahead(busy2)).toBe(2);
    await finish('busy0');
    expect(queue.ahead(busy1)).toBeUndefined();
    expect(queue.ahead(alice)).toBe(0);
    expect(queue.ahead(busy2)).toBe(1);
  });

  it('counts a failed or throwing job as finished', async () => {
    const queue = new FairQueue(1);
    const order: string[] = [];
    queue.enqueue('a', () => Promise.reject(new Error('boom')));
    queue.enqueue('a', () => {
      throw new Error('sync boom');
    });
    queue.enqueue('b', async () => {
      order.push('b');
    });
    await queue.whenIdle();
    expect(order).toEqual(['b']);
    expect(queue.running).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new FairQueue(0)).toThrow(RangeError);
  });

  it('`ahead` predicts the start order exactly once no one else arrives, whatever came before', async () => {
    // Commands: enqueue a job for a key, or finish the oldest running job.
    const command = fc.oneof(
      fc.record({ add: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.record({ finish: fc.constant(true) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(command, { maxLength: 40 }),
        async (limit, commands) => {
          const { queue, started, add, finish, running } = harness(limit);
          const tickets = new Map<string, Ticket>();
          for (const next of commands) {
            if ('add' in next) {
              const name = `${next.add}${tickets.size + 1}`;
              tickets.set(name, add(next.add, name));
            } else if (running()[0] !== undefined) await finish(running()[0] as string);
          }
          // From here on nobody arrives, so each waiting job's place is final.
          const predicted = new Map<string, number>();
          for (const [name, ticket] of tickets) {
            const ahead = queue.ahead(ticket);
            if (ahead !== undefined) predicted.set(name, started.length + ahead);
          }
          while (running()[0] !== undefined) await finish(running()[0] as string);
          expect(started.length).toBe(tickets.size);
          for (const [name, index] of predicted) expect(started.indexOf(name)).toBe(index);
        },
      ),
      { numRuns: 300 },
    );
  });
});
