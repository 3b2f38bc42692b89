// Tests only: what the BFF's clients sent, checked by the simulator's verifiers (written from the
// vendors' pages, pinned to their published vectors, and sharing no code with the BFF's signers,
// so that a canonicalisation bug cannot pass both), called with a Date as the client tests hold
// the clock.
import { NonceWindow, verifyAlibabaRequest } from '../../simulator/verify/alibaba';
import type { ReceivedRequest } from '../../simulator/verify/encoding';
import { verifyHuaweiRequest } from '../../simulator/verify/huawei';

export { NonceWindow };

/** An ACS3-HMAC-SHA256 request's verdict; `nonces` remembers the nonces already used. */
export function verifyAcs3Signature(
  request: ReceivedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: Date = new Date(),
  nonces: NonceWindow = new NonceWindow(),
) {
  return verifyAlibabaRequest(request, secretOf, now.getTime(), nonces);
}

/** An SDK-HMAC-SHA256 request's verdict. */
export function verifyHuaweiSignature(
  request: ReceivedRequest,
  secretOf: (ak: string) => string | undefined,
  now: Date = new Date(),
) {
  return verifyHuaweiRequest(request, secretOf, now.getTime());
}
