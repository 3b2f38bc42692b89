// SWR ShowRepository: Content-Type required, namespace and repository checked, the repository's body.
import {
  SwrNamespacePathSchema,
  SwrRepositoryPathSchema,
  firstIssue,
} from '../../shared/contracts';
import type { Estate } from '../estate';
import { swrError, type Reply } from '../replies';
import type { Route } from '../routing';
import { swrRepositoryJson } from '../serialise';

const INVALID = 'SVCSTG.SWR.4000014';

export function handleSwr(
  estate: Estate,
  route: Route,
  contentTypeHeader: string | undefined,
): Reply {
  const contentType = (contentTypeHeader ?? '').toLowerCase().replace(/\s/g, '');
  if (contentType !== 'application/json' && contentType !== 'application/json;charset=utf-8') {
    return swrError(400, INVALID, 'Invalid Content-Type: application/json is required');
  }
  const namespace = SwrNamespacePathSchema.safeParse(route.params.namespace ?? '');
  if (!namespace.success) {
    const message = firstIssue(namespace.error).message;
    return swrError(400, INVALID, `Invalid parameter: namespace ${message}`);
  }
  const repository = SwrRepositoryPathSchema.safeParse(route.params.repository ?? '');
  if (!repository.success) {
    const message = firstIssue(repository.error).message;
    return swrError(400, INVALID, `Invalid parameter: repository ${message}`);
  }
  const repo = estate.swrRepositories.get(`${namespace.data}/${repository.data}`);
  if (!repo) return swrError(404, 'SVCSTG.SWR.4040010', 'Repository not found');
  return { status: 200, body: swrRepositoryJson(repo) };
}
