// What an injected fault (faults.ts) answers instead of, or in place of part of, the real answer.
import type { FaultKind } from './faults';
import {
  alibabaError,
  alibabaSignatureMismatch,
  huaweiAuthFailure,
  huaweiError,
  swrError,
  throttledReply,
  type Provider,
  type Reply,
  type RequestLabels,
} from './replies';

/** The fault kinds that flaw a list answer's body rather than replace the answer. */
const LIST_BODY_FAULTS = new Set<FaultKind>([
  'no-total',
  'bad-total',
  'empty-object',
  'bad-member',
]);

export function isListBodyFault(fault: FaultKind | undefined): fault is FaultKind {
  return fault !== undefined && LIST_BODY_FAULTS.has(fault);
}

/** A list body (as listJson writes it) with the flaw `fault` names. */
export function flawListBody(body: string, fault: FaultKind): string {
  switch (fault) {
    case 'no-total':
      return body.replace(/^\{"total_num":\d+,/, '{');
    case 'bad-total':
      return body.replace(/^\{"total_num":\d+,/, '{"total_num":"unknown",');
    case 'empty-object':
      return '{}';
    case 'bad-member':
      // The first record's association list gains a member without an id.
      return body.replace(/"association_images":\[(\]?)/, (_match, closed: string) =>
        closed
          ? '"association_images":[{"image_name":"member without id"}]'
          : '"association_images":[{"image_name":"member without id"},',
      );
    default:
      return body;
  }
}

function internalError(provider: Provider, labels: RequestLabels): Reply {
  if (provider === 'acr') {
    const message = 'The request processing has failed due to some unknown error.';
    return alibabaError(500, 'InternalError', message, labels);
  }
  if (provider === 'swr') return swrError(500, 'SVCSTG.SWR.5000001', 'Internal error');
  return huaweiError(500, 'HSS.0041', 'Internal system error', labels.requestId, false);
}

function unavailable(provider: Provider, labels: RequestLabels): Reply {
  if (provider === 'acr') {
    const message = 'The request has failed due to a temporary failure of the server.';
    return alibabaError(503, 'ServiceUnavailable', message, labels);
  }
  return huaweiError(503, 'APIG.0203', 'Backend unavailable', labels.requestId);
}

/**
 * The answer that replaces the real one for `kind`, or undefined when the fault is not a
 * replacement (no fault, a list-body flaw, or one the pipeline handles: timeout, slow, ...).
 */
export function faultReply(
  kind: FaultKind,
  provider: Provider,
  labels: RequestLabels,
): Reply | undefined {
  const acr = provider === 'acr';
  switch (kind) {
    case '429':
    case '429-bare': {
      // The documented HSS limit in APIG's words.
      const reply = throttledReply(provider, labels, 'limit:5,time:1 minute');
      return kind === '429' ? { ...reply, headers: { 'Retry-After': '1' } } : reply;
    }
    case '500':
      return internalError(provider, labels);
    case '503':
      return unavailable(provider, labels);
    case 'malformed':
      return {
        status: 200,
        body: acr
          ? '{"Code":"success","IsSuccess":true,"Images":[{"Tag":'
          : '{"total_num":3,"data_list":[{"id":1234,"namespace":"',
      };
    case 'content-type':
      return {
        status: 200,
        body: '<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Service temporarily unavailable</h1></body></html>',
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      };
    case 'auth':
      return acr ? alibabaSignatureMismatch(labels) : huaweiAuthFailure(labels.requestId);
    default:
      return undefined;
  }
}
