// ACR EE ListRepoTag and ListRepository (2018-12-01): version, parameters (contracts schemas),
// the instance in the key's region, one page of the estate's tags or repositories.
import {
  ACR_API_VERSION,
  ACR_REPO_PAGE_SIZE,
  ACR_TAG_PAGE_SIZE,
  ListRepoTagQuerySchema,
  ListRepositoryQuerySchema,
  describeIssue,
  firstIssue,
  searchParamsToRecord,
  type ParamIssue,
} from '../../shared/contracts';
import type { z } from 'zod';
import type { AcrRepositoryRecord, AcrTagRecord, Estate } from '../estate';
import { alibabaError, type Reply, type RequestLabels } from '../replies';
import type { Route } from '../routing';
import { acrRepositoryJson, acrTagJson } from '../serialise';

export interface AcrCall {
  route: Route;
  url: URL;
  versionHeader: string | string[] | undefined;
  /** The region of the calling key's instances; undefined = any. */
  keyRegionId: string | undefined;
  labels: RequestLabels;
}

const MANDATORY = new Set(['InstanceId', 'RepoId', 'RegionId']);

function invalidParameter(issue: ParamIssue, labels: RequestLabels): Reply {
  if (issue.message === 'is required' && MANDATORY.has(issue.field)) {
    const message = `${issue.field} is mandatory for this action.`;
    return alibabaError(400, `Missing${issue.field}`, message, labels);
  }
  const message = `Specified parameter ${issue.field} is not valid: ${describeIssue(issue)}`;
  return alibabaError(400, 'InvalidParameter', message, labels);
}

/** ACR EE reports business errors with HTTP 200 and IsSuccess false. */
function businessError(code: string, message: string, labels: RequestLabels): Reply {
  const body = { Code: code, Message: message, IsSuccess: false, RequestId: labels.requestId };
  return { status: 200, body: JSON.stringify(body) };
}

/** One page of `items` under `field`, with ACR's paging fields (TotalCount is a string). */
function pageReply<T>(
  items: readonly T[],
  page: { PageNo?: number | undefined; PageSize?: number | undefined },
  defaultPageSize: number,
  field: 'Images' | 'Repositories',
  toJson: (item: T) => unknown,
  labels: RequestLabels,
): Reply {
  const pageNo = page.PageNo ?? 1;
  const pageSize = page.PageSize ?? defaultPageSize;
  return {
    status: 200,
    body: JSON.stringify({
      Code: 'success',
      IsSuccess: true,
      RequestId: labels.requestId,
      PageNo: pageNo,
      PageSize: pageSize,
      TotalCount: String(items.length),
      [field]: items.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(toJson),
    }),
  };
}

/** What every ACR list query names: the instance, and the region it is asked in. */
interface InstanceQuery {
  InstanceId: string;
  RegionId: string;
}

/** Parses the query, finds the instance in the key's region, then lets `answer` page the list. */
function answerAction<Q extends InstanceQuery>(
  schema: z.ZodType<Q>,
  answer: (estate: Estate, query: Q, labels: RequestLabels) => Reply,
) {
  return (estate: Estate, record: Record<string, unknown>, call: AcrCall): Reply => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) return invalidParameter(firstIssue(parsed.error), call.labels);
    const query = parsed.data;
    const known = estate.acrInstances.some((item) => item.InstanceId === query.InstanceId);
    // The instances live in the key's region: another RegionId finds none of them.
    const inKeyRegion = call.keyRegionId === undefined || call.keyRegionId === query.RegionId;
    if (!known || !inKeyRegion) {
      return businessError('INSTANCE_NOT_EXIST', 'The instance does not exist.', call.labels);
    }
    return answer(estate, query, call.labels);
  };
}

// The orders ACR lists in, stated exactly (ties included) so that a mirror can give the same:
// repositories newest created first, tags newest pushed first; ties by RepoId, Tag (code points).
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function newestRepositoryFirst(a: AcrRepositoryRecord, b: AcrRepositoryRecord): number {
  return b.CreateTime - a.CreateTime || byCodePoint(a.RepoId, b.RepoId);
}

function newestTagFirst(a: AcrTagRecord, b: AcrTagRecord): number {
  return b.ImageCreate - a.ImageCreate || byCodePoint(a.Tag, b.Tag);
}

const ACTIONS = {
  'acr.ListRepoTag': answerAction(ListRepoTagQuerySchema, (estate, query, labels) => {
    const repo = estate.acrRepositories.find(
      (item) => item.RepoId === query.RepoId && item.InstanceId === query.InstanceId,
    );
    if (!repo) return businessError('REPO_NOT_EXIST', 'The repository does not exist.', labels);
    const tags = [...repo.tags].sort(newestTagFirst);
    return pageReply(tags, query, ACR_TAG_PAGE_SIZE.default, 'Images', acrTagJson, labels);
  }),
  'acr.ListRepository': answerAction(ListRepositoryQuerySchema, (estate, query, labels) => {
    const nameNeedle = query.RepoName?.toLowerCase();
    const matches = (repo: AcrRepositoryRecord): boolean =>
      repo.InstanceId === query.InstanceId &&
      (query.RepoNamespaceName === undefined ||
        repo.RepoNamespaceName === query.RepoNamespaceName) &&
      (nameNeedle === undefined || repo.RepoName.toLowerCase().includes(nameNeedle)) &&
      (query.RepoStatus === undefined ||
        query.RepoStatus === 'ALL' ||
        repo.RepoStatus === query.RepoStatus);
    const matching = estate.acrRepositories.filter(matches).sort(newestRepositoryFirst);
    const defaultSize = ACR_REPO_PAGE_SIZE.default;
    return pageReply(matching, query, defaultSize, 'Repositories', acrRepositoryJson, labels);
  }),
};

export function handleAcr(estate: Estate, call: AcrCall): Reply {
  if (call.versionHeader !== ACR_API_VERSION) {
    return alibabaError(
      400,
      'InvalidVersion',
      'Specified parameter Version is not valid.',
      call.labels,
    );
  }
  const record = searchParamsToRecord(call.url.searchParams);
  if (!record.ok) return invalidParameter(record.issue, call.labels);
  const action =
    call.route.api === 'acr.ListRepoTag'
      ? ACTIONS['acr.ListRepoTag']
      : ACTIONS['acr.ListRepository'];
  return action(estate, record.value, call);
}
