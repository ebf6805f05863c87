import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services';
import { rpccheckCommand } from './rpccheck-command';

export function registerCommands(app: App, services: SlackServices): void {
  app.command('/rpccheck', rpccheckCommand(services));
}
