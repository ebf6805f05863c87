import { type ConnectToRule, parseConnectTo } from '../../core/connect-to';
import { parseBackendName } from '../../core/target';
import { UsageError } from '../usage-error';

/**
 * Option values whose form only the command that takes them judges, so the parser (and `--version`) need not
 * load the target parsers. A mistake is a usage error: one line, exit 3, before anything is sent.
 */

/** Repeatable `--backend NAME`: NetBIOS or FQDN. */
export function backendNames(values: readonly string[] | undefined): string[] | undefined {
  return values?.map((value) => {
    const parsed = parseBackendName(value);
    if ('reason' in parsed) throw new UsageError(`--backend: ${parsed.reason}`);
    return parsed.name;
  });
}

/** Repeatable `--connect-to HOST:PORT:ADDRESS:PORT2` (curl's meaning; spec §9). */
export function connectToRules(values: readonly string[] | undefined): ConnectToRule[] | undefined {
  return values?.map((value) => {
    const rule = parseConnectTo(value);
    if ('reason' in rule) throw new UsageError(rule.reason);
    return rule;
  });
}
