/**
 * Errors that rpccheck throws on purpose carry a stable code. Everything a user can cause while probing
 * (unreachable hosts, broken certificates) is a finding, not an error: these are for bad configuration
 * and usage, which stop the program or the command with a one-line message.
 */
export class RpccheckError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RpccheckError';
    this.code = code;
  }
}

export class ConfigError extends RpccheckError {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super('config.invalid', `${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export function isRpccheckError(error: unknown): error is RpccheckError {
  return error instanceof RpccheckError;
}
