// Signers for the simulator's own tests, built on the simulator's verifiers (themselves pinned to
// the vendors' published vectors), so that these tests need nothing from src/server. Whether the
// BFF's signers agree with the verifiers is src/server/upstream/signature-agreement.test.ts.
import { randomUUID } from 'node:crypto';
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

/** The headers to send for a Huawei AK/SK request: every given header, host and X-Sdk-Date signed. */
export function signHuaweiRequest(
  req: { method: string; url: URL; headers: Record<string, string>; body?: string },
  cred: { ak: string; sk: string },
  at: Date = new Date(),
): Record<string, string> {
  const headers = lowerCased({ ...req.headers, host: req.url.host, 'x-sdk-date': sdkDate(at) });
  const signedHeaders = Object.keys(headers).sort();
  const signature = huaweiSignature(
    {
      method: req.method,
      path: req.url.pathname,
      rawQuery: req.url.search.slice(1),
      headers,
      signedHeaders,
      body: req.body ?? '',
    },
    headers['x-sdk-date'] ?? '',
    cred.sk,
  );
  return {
    ...headers,
    authorization: `SDK-HMAC-SHA256 Access=${cred.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
  };
}

/** The headers to send for an ACS3-signed RPC call: host and the x-acs-* headers signed. */
export function signAcs3Request(
  req: {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body?: string;
    action: string;
    version: string;
  },
  cred: { accessKeyId: string; accessKeySecret: string },
  at: Date = new Date(),
  nonce: string = randomUUID(),
): Record<string, string> {
  const body = req.body ?? '';
  const headers = lowerCased({
    ...req.headers,
    host: req.url.host,
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': sha256Hex(body),
  });
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name.startsWith('x-acs-'))
    .sort();
  const signature = alibabaSignature(
    {
      method: req.method,
      path: req.url.pathname,
      rawQuery: req.url.search.slice(1),
      headers,
      signedHeaders,
      body,
    },
    cred.accessKeySecret,
  );
  return {
    ...headers,
    authorization: `ACS3-HMAC-SHA256 Credential=${cred.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
  };
}
