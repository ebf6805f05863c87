/** RPC status codes rpcproxy puts in `503 RPC Error: <hex>`, with what they mean for Outlook Anywhere. */
const RPC_STATUS: Record<number, string> = {
  1722: 'RPC_S_SERVER_UNAVAILABLE: the RPC server is unavailable (ValidPorts does not list that name and port, the back end does not resolve, or nothing listens)',
  1753: 'EPT_S_NOT_REGISTERED: no endpoint is registered for that interface on the back end',
  1727: 'RPC_S_CALL_FAILED_DNE: the remote procedure call failed and did not execute',
  5: 'ERROR_ACCESS_DENIED: the back end refused the proxy',
  1818: 'RPC_S_CALL_CANCELLED: the call was cancelled (time-out between proxy and back end)',
  1726: 'RPC_S_CALL_FAILED: the remote procedure call failed',
  1775: 'RPC_S_INVALID_BOUND: invalid array bounds (a malformed request)',
};

export interface RpcError {
  hex: string;
  code: number;
  meaning: string;
}

/** Reads `RPC Error: 6ba` (optionally followed by `, EEInfo: …`) from a status line's reason phrase. */
export function parseRpcError(reason: string): RpcError | undefined {
  const match = /RPC Error:\s*([0-9a-f]+)/i.exec(reason);
  if (!match?.[1]) return undefined;
  const code = parseInt(match[1], 16);
  return { hex: match[1].toLowerCase(), code, meaning: RPC_STATUS[code] ?? `RPC status ${code}` };
}
