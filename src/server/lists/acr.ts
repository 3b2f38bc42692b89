// ACR tags (ListRepository + ListRepoTag, mirrored by sync/acr-sync.ts): what the one search
// reads of them. The tags carry the searchable columns (image_digest, image_id, namespace,
// image_name = the repository, image_version = the tag), so the search joins them to the HSS
// lists by digest; they carry no scan of their own: HSS's scan of the same digest travels to them.
import { sql } from 'kysely';
import type { SearchableList } from './spec';

export const ACR_TAGS_LIST: SearchableList = {
  name: 'acr',
  table: 'acr_tags',
  provider: 'alibaba',
  search: {
    source: 'acr',
    locationFields: [
      'tag_key',
      'instance_id',
      'region_id',
      'repo_id',
      'namespace',
      'image_name',
      'image_version',
      'image_id',
    ],
    scanned: false,
  },
  tieBreak: (plus, dir) => sql`${plus}tag_key ${dir}`,
};
