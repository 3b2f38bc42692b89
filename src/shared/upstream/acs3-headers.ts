// The headers an Alibaba Cloud RPC-style call carries for its ACS3-HMAC-SHA256 signature ("V3
// request structure and signature", upstream-apis.md §D.3): the BFF's signer and the simulator's
// test signer both send them. The signature itself is computed apart by each (never shared).

/** An RPC-style call: the action and version travel as x-acs-* headers. */
export interface Acs3RpcCall {
  url: URL;
  action: string;
  version: string;
}

/**
 * `host` and the x-acs-* headers of `call`, signed at `signedAt` (`yyyy-MM-ddTHH:mm:ssZ`) with
 * `nonce`, for a body whose hex SHA-256 is `contentSha256`.
 */
export function acs3RpcHeaders(
  call: Acs3RpcCall,
  signedAt: string,
  nonce: string,
  contentSha256: string,
): Record<string, string> {
  return {
    host: call.url.host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': signedAt,
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': contentSha256,
  };
}
