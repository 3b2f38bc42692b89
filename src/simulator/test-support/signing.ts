// Signers for the simulator's own tests, built on the simulator's verifiers (themselves pinned to
// the vendors' published vectors), so that these tests need nothing from src/server. Whether the
// BFF's signers agree with the verifiers is src/server/upstream/signature-agreement.test.ts.
import { randomUUID } from 'node:crypto';
import { acs3RpcHeaders, type Acs3RpcCall } from '../../shared/upstream/acs3-headers';
import { alibabaSignature } from '../verify/alibaba';
import { sha256Hex } from '../verify/encoding';
import { huaweiSignature } from '../verify/huawei';

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/** `YYYYMMDD'T'HHMMSS'Z'`. */
function sdkDate(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Method, path, query and body as the server will receive them. */
function requestParts(req: { method: string; url: URL; body?: string }) {
  return {
    method: req.method,
    path: req.url.pathname,
    rawQuery: req.url.search.slice(1),
    body: req.body ?? '',
  };
}

/** The headers to send for a Huawei AK/SK request: every given header, host and X-Sdk-Date signed. */
export function signHuaweiRequest(
  req: { method: string; url: URL; headers: Record<string, string>; body?: string },
  cred: { ak: string; sk: string },
  at: Date = new Date(),
): Record<string, string> {
  const headers = lowerCased({ ...req.headers, host: req.url.host, 'x-sdk-date': sdkDate(at) });
  const signedHeaders = Object.keys(headers).sort();
  const input = { ...requestParts(req), headers, signedHeaders };
  const signature = huaweiSignature(input, headers['x-sdk-date'] ?? '', cred.sk);
  const authorization = `SDK-HMAC-SHA256 Access=${cred.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return { ...headers, authorization };
}

/** An RPC-style ACR call: the action and version travel as x-acs-* headers. */
export interface RpcCall extends Acs3RpcCall {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The headers the V3 signature page lists for an RPC call, lower-cased. */
function acs3Headers(call: RpcCall, at: Date, nonce: string): Record<string, string> {
  const signedAt = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return lowerCased({
    ...call.headers,
    ...acs3RpcHeaders(call, signedAt, nonce, sha256Hex(call.body ?? '')),
  });
}

/** The headers to send for an ACS3-signed RPC call: host and the x-acs-* headers signed. */
export function signAcs3Request(
  call: RpcCall,
  cred: { accessKeyId: string; accessKeySecret: string },
  at: Date = new Date(),
  nonce: string = randomUUID(),
): Record<string, string> {
  const headers = acs3Headers(call, at, nonce);
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name.startsWith('x-acs-'))
    .sort();
  const input = { ...requestParts(call), headers, signedHeaders };
  const signature = alibabaSignature(input, cred.accessKeySecret);
  const authorization = `ACS3-HMAC-SHA256 Credential=${cred.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return { ...headers, authorization };
}
