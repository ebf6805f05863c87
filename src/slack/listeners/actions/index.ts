import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_AD_DETAILS, ACTION_AD_RERUN } from '../../blocks/autodiscover-message';
import { ACTION_ENTRY, ACTION_FLOW } from '../../blocks/kb-messages';
import { ACTION_RECHECK, ACTION_UNWATCH } from '../../blocks/reminder-message';
import { ACTION_DETAILS, ACTION_RERUN, ACTION_WATCH } from '../../blocks/report-message';
import type { SlackServices } from '../../services';
import { autodiscoverButton } from './autodiscover-buttons';
import { detailsButton, rerunButton } from './check-buttons';
import { entryButton, flowButton } from './kb-buttons';
import { watchButton } from './watch-buttons';

/** Buttons get a `:n` suffix to keep action ids unique in a message; match the base id. */
const id = (base: string): RegExp => new RegExp(`^${base}(?::\\d+)?$`);

export function registerActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_RERUN) },
    rerunButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_DETAILS) },
    detailsButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_FLOW) },
    flowButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_ENTRY) },
    entryButton(services),
  );
  // The reminders' "Re-check now" is the report's "Re-run" by another name.
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_RECHECK) },
    rerunButton(services),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_WATCH) },
    watchButton(services, false),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_UNWATCH) },
    watchButton(services, true),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_AD_RERUN) },
    autodiscoverButton(services, false),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: id(ACTION_AD_DETAILS) },
    autodiscoverButton(services, true),
  );
}
