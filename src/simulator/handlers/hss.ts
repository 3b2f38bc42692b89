// HSS ListRegistryImages, ListCicdImages and ListImageBasicImage: the project check, the
// parameters (validate.ts via query.ts, the simulator's own reading of the vendor tables), the
// estate query and the vendor body.
import { ImageIdPathSchema, firstIssue } from '../../shared/contracts';
import type { Estate } from '../estate';
import {
  parseBasicImageQuery,
  parseCicdImagesQuery,
  parseRegistryImagesQuery,
  queryBasicImages,
  queryCicdImages,
  queryRegistryImages,
  type ParseResult,
} from '../query';
import { huaweiError, hssInvalid, type Reply } from '../replies';
import type { Route } from '../routing';
import { basicImagesJson, cicdImageJson, listJson, registryImageJson } from '../serialise';

export interface HssCall {
  route: Route;
  url: URL;
  /** The `region` request header, if sent. */
  regionHeader: string | string[] | undefined;
  /** The projects the caller may read; undefined = any. */
  projectIds: Set<string> | undefined;
  requestId: string;
}

function parsedOrReply<T>(parsed: ParseResult<T>): { value: T } | { reply: Reply } {
  return parsed.ok ? { value: parsed.value } : { reply: hssInvalid(parsed.issue) };
}

function listRegistryImages(estate: Estate, url: URL, at: number): Reply {
  const query = parsedOrReply(parseRegistryImagesQuery(url.searchParams));
  if ('reply' in query) return query.reply;
  const result = queryRegistryImages(estate, query.value, at);
  const rows = result.data_list.map((row) => registryImageJson(row, estate));
  return { status: 200, body: listJson(result.total_num, rows) };
}

function listCicdImages(estate: Estate, url: URL, at: number): Reply {
  const query = parsedOrReply(parseCicdImagesQuery(url.searchParams));
  if ('reply' in query) return query.reply;
  const result = queryCicdImages(estate, query.value, at);
  return { status: 200, body: listJson(result.total_num, result.data_list.map(cicdImageJson)) };
}

function listImageBasicImage(estate: Estate, call: HssCall): Reply {
  if (typeof call.regionHeader !== 'string' || call.regionHeader === '') {
    return hssInvalid({ field: 'region', message: 'is required (request header)' });
  }
  const imageId = ImageIdPathSchema.safeParse(call.route.params.image_id ?? '');
  if (!imageId.success) {
    return hssInvalid({ field: 'image_id', message: firstIssue(imageId.error).message });
  }
  const query = parsedOrReply(parseBasicImageQuery(call.url.searchParams));
  if ('reply' in query) return query.reply;
  const result = queryBasicImages(estate, imageId.data, query.value);
  if (!result)
    return huaweiError(400, 'HSS.0011', 'The image does not exist', call.requestId, false);
  return { status: 200, body: basicImagesJson(result.total_num, result.data_list) };
}

export function handleHss(estate: Estate, call: HssCall, at: number): Reply {
  const projectId = call.route.params.project_id ?? '';
  if (projectId.length < 1 || projectId.length > 256) {
    return hssInvalid({ field: 'project_id', message: 'must have 1 to 256 characters' });
  }
  if (call.projectIds && !call.projectIds.has(projectId)) {
    return huaweiError(
      400,
      'HSS.0013',
      'No permission to access the project',
      call.requestId,
      false,
    );
  }
  switch (call.route.api) {
    case 'hss.ListRegistryImages':
      return listRegistryImages(estate, call.url, at);
    case 'hss.ListCicdImages':
      return listCicdImages(estate, call.url, at);
    default:
      return listImageBasicImage(estate, call);
  }
}
