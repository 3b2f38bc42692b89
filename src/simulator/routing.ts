// Routing: which API a request names, read from raw path segments so that %2F stays inside one
// segment (upstream-apis.md: HSS v5 paths, SWR v2 paths, ACR RPC at `/` with x-acs-action).
import type { IncomingMessage } from 'node:http';
import type { UpstreamApi } from '../shared/upstream/apis';
import type { Provider } from './replies';

export interface Route {
  api: UpstreamApi;
  provider: Provider;
  /** Path parameters, decoded. */
  params: Record<string, string>;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function route(
  method: string,
  rawPath: string,
  headers: IncomingMessage['headers'],
): Route | undefined {
  const segments = rawPath.split('/').slice(1);
  if (rawPath === '/' && (method === 'POST' || method === 'GET')) {
    const action = String(headers['x-acs-action'] ?? '');
    if (action === 'ListRepoTag') return { api: 'acr.ListRepoTag', provider: 'acr', params: {} };
    if (action === 'ListRepository')
      return { api: 'acr.ListRepository', provider: 'acr', params: {} };
    return undefined;
  }
  if (method !== 'GET') return undefined;
  const [root, a, b, c, d, e] = segments;
  if (root === 'v5' && segments.length === 5 && b === 'image' && d === 'images' && a) {
    if (c === 'registries')
      return { api: 'hss.ListRegistryImages', provider: 'hss', params: { project_id: a } };
    if (c === 'cicd')
      return { api: 'hss.ListCicdImages', provider: 'hss', params: { project_id: a } };
  }
  if (
    root === 'v5' &&
    segments.length === 5 &&
    b === 'image' &&
    e === undefined &&
    d === 'basic-image' &&
    a &&
    c
  ) {
    const imageId = decodeSegment(c);
    if (imageId === undefined) return undefined;
    return {
      api: 'hss.ListImageBasicImage',
      provider: 'hss',
      params: { project_id: a, image_id: imageId },
    };
  }
  if (
    root === 'v2' &&
    segments.length >= 6 &&
    a === 'manage' &&
    b === 'namespaces' &&
    d === 'repos' &&
    c &&
    e
  ) {
    // A repository's "/" arrives as %2F (Python SDK, this BFF) or as itself (Go and Node SDKs).
    const namespace = decodeSegment(c);
    const parts = segments.slice(5).map(decodeSegment);
    if (namespace === undefined || parts.some((part) => part === undefined)) return undefined;
    const repository = parts.join('/');
    return { api: 'swr.ShowRepository', provider: 'swr', params: { namespace, repository } };
  }
  return undefined;
}
