import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services';
import { appMention } from './app-mention';
import { directMessage } from './direct-message';

export function registerEvents(app: App, services: SlackServices): void {
  // Slack re-delivers events it believes were lost, with the same event_id: answer each one once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await services.events.firstTime(eventId))) return;
    await next();
  });
  app.event('app_mention', appMention(services));
  app.event('message', directMessage(services));
}
