// Signature vectors the vendor published (docs/upstream-apis.md §D), for the BFF's signer tests and
// the simulator's verifier tests alike. Here so that the simulator needs nothing from src/server.

/** sha256 of the empty body, hex. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Vector V-A2 (§D.3): ListRepoTag as the official @alicloud/openapi-util getAuthorization signs it.
 * `*` in a value is encoded as %2A; accept and user-agent are sent but not signed.
 */
export const LIST_REPO_TAG_VECTOR = {
  url: 'https://cr.cn-hangzhou.aliyuncs.com/?InstanceId=cri-kmsiwlxxdcva****&RepoId=crr-tquyps22md8p****&PageNo=1&PageSize=30',
  action: 'ListRepoTag',
  version: '2018-12-01',
  accessKeyId: 'testid',
  accessKeySecret: 'testsecret',
  date: '2024-01-02T03:04:05Z',
  nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  canonicalQuery:
    'InstanceId=cri-kmsiwlxxdcva%2A%2A%2A%2A&PageNo=1&PageSize=30&RepoId=crr-tquyps22md8p%2A%2A%2A%2A',
  signedHeaders:
    'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
  signature: 'e0607cb3757dbe97dce741b32fb5211d9bcd81a3bd68f04eb273692e3c3185ce',
} as const;
