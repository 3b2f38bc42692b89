// Why a crawl stopped short of its sweep, in terms the sync status can report: which page
// (offset), what was wrong with it, and the upstream request id to quote to the cloud's support.
import { UpstreamError } from '../upstream/types';

export type CrawlErrorCode =
  /** A page came back unreadable (no total_num, `{}`, empty before the total): retried later. */
  | 'unreadable_page'
  /** The crawl finished but is not complete and self-consistent: nothing was removed. */
  | 'crawl_incomplete';

export class CrawlError extends Error {
  constructor(
    readonly code: CrawlErrorCode,
    message: string,
    readonly offset: number,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'CrawlError';
  }
}

/** A 2xx answer the client could not parse against the contract: the page, not the service, is bad. */
export function isUnreadableAnswer(error: unknown): error is UpstreamError {
  const status = error instanceof UpstreamError ? error.upstream.status : undefined;
  return status !== undefined && status >= 200 && status < 300;
}
