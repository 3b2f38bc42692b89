// What a search location is to a reader and where it leads. Rendered generically by `source`, so
// a list that joins the search later (ACR) shows and links without a change here.
import { APP_ROUTES } from '../../shared/contracts/facts';
import type { SearchLocation } from '../../shared/contracts';

export interface LocationTarget {
  pathname: string;
  search: string;
}

/** The fields that name the image (`namespace/name:tag`), shown as one reference. */
const REFERENCE_FIELDS = ['namespace', 'image_name', 'image_version'] as const;
/** Fields that are keys or shown elsewhere: never listed as context. */
const HIDDEN_FIELDS = new Set<string>([
  'source',
  'account',
  'id',
  'record_key',
  'image_id',
  'image_digest',
  'repo_id',
  'instance_id',
  ...REFERENCE_FIELDS,
]);

/** `namespace/name:tag` of a location (parts it lacks are left out). */
export function locationReference(location: SearchLocation): string {
  const path = [location.namespace, location.image_name ?? location.repository]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('/');
  const tag = location.image_version ?? location.tag;
  return tag !== undefined && tag !== '' ? `${path}:${tag}` : path;
}

/** The location's other naming fields (registry, instance, pipeline...), in the BFF's order. */
export function locationContext(location: SearchLocation): string[] {
  return Object.entries(location)
    .filter(([field, value]) => !HIDDEN_FIELDS.has(field) && value !== '')
    .filter(([field]) => field !== 'repository' && field !== 'tag')
    .map(([, value]) => value);
}

const withParams = (pathname: string, params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  return { pathname, search: `?${search.toString()}` };
};

/**
 * Where a location opens: an HSS image's explorer with its detail drawer (`image=` its key); an
 * ACR tag the ACR page on its instance and repository.
 */
export function locationTarget(location: SearchLocation): LocationTarget {
  switch (location.source) {
    case 'hss_registry':
      return withParams(APP_ROUTES.registryImages, {
        account: location.account,
        image: location.id,
      });
    case 'hss_cicd':
      return withParams(APP_ROUTES.cicdImages, {
        account: location.account,
        image: location.record_key,
      });
    case 'acr':
      return withParams(APP_ROUTES.acr, {
        account: location.account,
        InstanceId: location.instance_id,
        RepoNamespaceName: location.namespace,
        RepoName: location.image_name ?? location.repository,
        repo: location.repo_id,
      });
  }
}

/** The search page's address for `q` (and the account it searches, when one is chosen). */
export function searchPath(q: string, account: string | undefined): string {
  const { pathname, search } = withParams(APP_ROUTES.search, { q: q.trim(), account });
  return `${pathname}${search}`;
}
