import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_AD_DETAILS, ACTION_AD_RERUN } from '../../blocks/autodiscover-message';
import { ACTION_ENTRY, ACTION_FLOW } from '../../blocks/kb-messages';
import { ACTION_RECHECK, ACTION_UNWATCH } from '../../blocks/reminder-message';
import { ACTION_DETAILS, ACTION_RERUN, ACTION_WATCH } from '../../blocks/report-message';
import type { SlackServices } from '../../services';
import { autodiscoverButton } from './autodiscover-buttons';
import { channelGuard } from './channel-guard';
import { detailsButton, rerunButton } from './check-buttons';
import { entryButton, flowButton } from './kb-buttons';
import { watchButton } from './watch-buttons';

/** Buttons get a `:n` suffix to keep action ids unique in a message; match the base id. */
const id = (base: string): RegExp => new RegExp(`^${base}(?::\\d+)?$`);

export function registerActions(app: App, services: SlackServices): void {
  // Every button but "Stop watching" first passes RPCCHECK_ALLOWED_CHANNELS, as the slash command and mentions do.
  const guard = channelGuard(services);
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_RERUN) },
    guard,
    rerunButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_DETAILS) },
    guard,
    detailsButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_FLOW) },
    guard,
    flowButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_ENTRY) },
    guard,
    entryButton(services),
  );
  // The reminders' "Re-check now" is the report's "Re-run" by another name.
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_RECHECK) },
    guard,
    rerunButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_WATCH) },
    guard,
    watchButton(services, false),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_UNWATCH) },
    // No guard: a reminder the CLI sent to a channel outside the list can always be stopped from Slack.
    watchButton(services, true),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_AD_RERUN) },
    guard,
    autodiscoverButton(services, false),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_AD_DETAILS) },
    guard,
    autodiscoverButton(services, true),
  );
}
