// The simulator's answers as the clouds write them: the vendor error bodies (upstream-apis.md §A.3,
// §C, §D.4) and the throttling answer both the rate limit and the `429` fault give.
import { describeIssue, type ParamIssue } from '../shared/contracts';

export type Provider = 'hss' | 'swr' | 'acr';

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json;charset=UTF-8';

/** What an error body may carry of the request: its id, and for Alibaba the host it reached. */
export interface RequestLabels {
  requestId: string;
  host: string;
}

export function huaweiError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  withRequestId = true,
): Reply {
  const body: Record<string, string> = { error_code: code, error_msg: message };
  if (withRequestId) body.request_id = requestId;
  return { status, body: JSON.stringify(body) };
}

export function swrError(status: number, code: string, message: string): Reply {
  // The current SWR body carries both the new and the old format (upstream-apis.md §C).
  return {
    status,
    body: JSON.stringify({
      errors: [{ errorCode: code, errorMessage: message, detail: '' }],
      error_code: code,
      error_msg: message,
      details: [{ error_code: code, error_msg: message }],
    }),
  };
}

export function alibabaError(
  status: number,
  code: string,
  message: string,
  labels: RequestLabels,
): Reply {
  return {
    status,
    body: JSON.stringify({
      RequestId: labels.requestId,
      HostId: labels.host,
      Code: code,
      Message: message,
      Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=cr`,
    }),
  };
}

export function hssInvalid(issue: ParamIssue): Reply {
  return huaweiError(400, 'HSS.0001', `Invalid parameter: ${describeIssue(issue)}`, '', false);
}

export const HUAWEI_SIGNATURE_FAILURE =
  'Incorrect IAM authentication information: verify aksk signature fail';

export function huaweiAuthFailure(requestId: string, detail = ''): Reply {
  return huaweiError(401, 'APIG.0301', `${HUAWEI_SIGNATURE_FAILURE}${detail}`, requestId);
}

export function alibabaSignatureMismatch(labels: RequestLabels): Reply {
  return alibabaError(
    400,
    'SignatureDoesNotMatch',
    'Specified signature does not match our calculation.',
    labels,
  );
}

/** 429 as each gateway writes it; `policy` is APIG's "limit:5,time:1 minute". */
export function throttledReply(provider: Provider, labels: RequestLabels, policy: string): Reply {
  return provider === 'acr'
    ? alibabaError(429, 'Throttling.User', 'Request was denied due to user flow control.', labels)
    : huaweiError(
        429,
        'APIG.0308',
        `The throttling threshold has been reached: policy user over ratelimit,${policy}`,
        labels.requestId,
      );
}

/** No API at this path: ACR's answer at `/`, APIG's anywhere else. */
export function unknownApiReply(rawPath: string, labels: RequestLabels): Reply {
  return rawPath === '/'
    ? alibabaError(
        404,
        'InvalidApi.NotFound',
        'Specified api is not found, please check your url and method.',
        labels,
      )
    : huaweiError(
        404,
        'APIG.0101',
        'The API does not exist or has not been published in the environment',
        labels.requestId,
      );
}
