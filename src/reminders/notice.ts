/** What a sweep tells a channel about one watched host. */
export interface NoticeHost {
  watchId: number;
  input: string;
  host: string;
  port: number;
  connectAddress?: string;
}

export interface CertFacts {
  fingerprint: string;
  notAfter: string;
  daysLeft: number;
  issuer: string;
  subject: string;
  trusted: boolean;
}

export type Notice =
  | {
      kind: 'threshold';
      host: NoticeHost;
      cert: CertFacts;
      nearest: number;
      crossed: number[];
      ahead: number[];
    }
  | { kind: 'expired'; host: NoticeHost; cert: CertFacts }
  | { kind: 'renewed'; host: NoticeHost; cert: CertFacts; previousNotAfter: string }
  | { kind: 'unreachable'; host: NoticeHost; failures: number; reason: string }
  | { kind: 'reachable_again'; host: NoticeHost; cert?: CertFacts };
