import { expect } from 'vitest';
import { verifyHuaweiSignature } from './verify-signatures';
import type { HuaweiCredentials } from '../upstream/types';
import type { ReceivedRequest } from './fake-upstream';

/** What every Huawei Cloud call must carry: JSON, the project header and a valid signature. */
export function expectSignedHuaweiRequest(
  request: ReceivedRequest,
  credentials: HuaweiCredentials,
): void {
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.headers['x-project-id']).toBe(credentials.projectId);
  expect(
    verifyHuaweiSignature(request, (ak) => (ak === credentials.ak ? credentials.sk : undefined)),
  ).toEqual({ ok: true, ak: credentials.ak });
}
