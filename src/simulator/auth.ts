// Who may call: a Huawei request carries an IAM token or an AK/SK signature (with APIG's lockout
// after repeated failures), an ACR request an ACS3 signature. The signatures are checked by the
// simulator's own verifiers (verify/), never by the BFF's signing code.
import type { IncomingMessage } from 'node:http';
import {
  alibabaError,
  alibabaSignatureMismatch,
  huaweiAuthFailure,
  huaweiError,
  type Provider,
  type Reply,
  type RequestLabels,
} from './replies';
import { NonceWindow, verifyAlibabaRequest, type AlibabaVerification } from './verify/alibaba';
import type { ReceivedRequest } from './verify/encoding';
import { verifyHuaweiRequest } from './verify/huawei';

export type AuthOutcome =
  | {
      ok: true;
      /** The projects the caller may read; undefined = any. */ projectIds: Set<string> | undefined;
    }
  | { ok: false; reply: Reply };

export interface AuthSettings {
  huaweiCredentials: ReadonlyArray<{ ak: string; sk: string; projectId: string }>;
  alibabaCredentials: ReadonlyArray<{ accessKeyId: string; accessKeySecret: string }>;
  /** Accepted as X-Auth-Token. */
  authTokens: readonly string[];
  /** More than `maxFailures` consecutive signature failures lock the AK for `lockMs`. */
  maxFailures: number;
  lockMs: number;
  now: () => number;
  log: (line: string) => void;
  /** Told of every refusal (the stats count them). */
  onRefused: () => void;
}

/** The name a request is counted and throttled under: its key id, or `token` (never its value). */
export function credentialLabel(provider: Provider, req: IncomingMessage): string {
  const authorization = String(req.headers.authorization ?? '');
  if (provider === 'acr') return /Credential=([^,\s]+)/.exec(authorization)?.[1] ?? 'anonymous';
  if (req.headers['x-auth-token']) return 'token';
  return /Access=([^,\s]+)/.exec(authorization)?.[1] ?? 'anonymous';
}

/** APIG's lockout: consecutive failures per claimed AK. */
class FailureLog {
  private readonly byAk = new Map<string, { consecutive: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
  ) {}

  isLocked(ak: string | undefined, at: number): boolean {
    return ak !== undefined && (this.byAk.get(ak)?.lockedUntil ?? 0) > at;
  }

  succeeded(ak: string | undefined): void {
    if (ak !== undefined) this.byAk.delete(ak);
  }

  failed(ak: string | undefined, at: number): void {
    if (ak === undefined) return;
    const record = this.byAk.get(ak) ?? { consecutive: 0, lockedUntil: 0 };
    record.consecutive++;
    if (record.consecutive > this.maxFailures) {
      record.lockedUntil = at + this.lockMs;
      record.consecutive = 0;
    }
    this.byAk.set(ak, record);
  }
}

/** ACR's answer to each way an ACS3 signature can fail. */
function alibabaRefusal(
  reason: Extract<AlibabaVerification, { ok: false }>['reason'],
  labels: RequestLabels,
): Reply {
  switch (reason) {
    case 'unknown_key':
      return alibabaError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
        labels,
      );
    case 'stale_date':
      return alibabaError(
        400,
        'InvalidTimeStamp.Expired',
        'Specified time stamp or date value is expired.',
        labels,
      );
    case 'nonce_reused':
      return alibabaError(
        400,
        'SignatureNonceUsed',
        'Specified signature nonce was used already.',
        labels,
      );
    default:
      return alibabaSignatureMismatch(labels);
  }
}

export interface Authenticator {
  check(
    provider: Provider,
    req: IncomingMessage,
    received: ReceivedRequest,
    labels: RequestLabels,
  ): AuthOutcome;
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  const huaweiByAk = new Map(settings.huaweiCredentials.map((cred) => [cred.ak, cred]));
  const alibabaSecrets = new Map(
    settings.alibabaCredentials.map((cred) => [cred.accessKeyId, cred.accessKeySecret]),
  );
  const tokens = new Set(settings.authTokens);
  const tokenProjects = new Set(settings.huaweiCredentials.map((cred) => cred.projectId));
  const failures = new FailureLog(settings.maxFailures, settings.lockMs);
  const nonces = new NonceWindow();

  const refuse = (reply: Reply, reason?: string): AuthOutcome => {
    settings.onRefused();
    if (reason !== undefined) settings.log(`auth refused (${reason})`);
    return { ok: false, reply };
  };

  function huawei(req: IncomingMessage, received: ReceivedRequest, requestId: string): AuthOutcome {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string' && token !== '') {
      if (tokens.has(token)) {
        return { ok: true, projectIds: tokenProjects.size > 0 ? tokenProjects : undefined };
      }
      const message = 'Incorrect IAM authentication information: decrypt token fail';
      return refuse(huaweiError(401, 'APIG.0301', message, requestId));
    }
    const claimedAk = /Access=([^,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
    const at = settings.now();
    if (failures.isLocked(claimedAk, at)) {
      return refuse(huaweiAuthFailure(requestId, ', the AK is locked after repeated failures'));
    }
    const result = verifyHuaweiRequest(received, (ak) => huaweiByAk.get(ak)?.sk, at);
    if (result.ok) {
      failures.succeeded(claimedAk);
      const cred = huaweiByAk.get(result.ak);
      return { ok: true, projectIds: cred ? new Set([cred.projectId]) : undefined };
    }
    failures.failed(claimedAk, at);
    return refuse(huaweiAuthFailure(requestId), result.reason);
  }

  function alibaba(received: ReceivedRequest, labels: RequestLabels): AuthOutcome {
    const secretOf = (id: string) => alibabaSecrets.get(id);
    const result = verifyAlibabaRequest(received, secretOf, settings.now(), nonces);
    if (result.ok) return { ok: true, projectIds: undefined };
    return refuse(alibabaRefusal(result.reason, labels), result.reason);
  }

  return {
    check(provider, req, received, labels) {
      return provider === 'acr'
        ? alibaba(received, labels)
        : huawei(req, received, labels.requestId);
    },
  };
}
