import path from 'node:path';
import { type BotProcess, healthy, spawnBot, stopBot } from '../fixtures/bot-process';

/** The built bot as operators run it (`npm test` builds before jest runs). */
const MAIN = path.join(__dirname, '../../dist/src/main.js');

export type Replica = BotProcess;

/** One bot process with the given environment; resolves once GET /healthz answers (20 s at most). */
export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const replica = await spawnBot(MAIN, name, env);
  try {
    await healthy(replica, Date.now() + 20000);
  } catch (error) {
    replica.child.kill('SIGKILL');
    throw error;
  }
  return replica;
}

export const stopReplica = stopBot;
