// The SQL condition a search key puts on a searchable list's rows (search-key.ts says what each
// key kind is). Digest and name keys are equalities and ranges the indexes of migration 0029
// serve; text is the lists' own free-text search (lists/filters.ts), plus an exact image id: the
// condition that decides (the one search reads text through free-text.ts, which narrows first).
import { sql, type RawBuilder } from 'kysely';
import { freeText, searchRank } from '../lists/filters';
import type { SearchKey } from './search-key';

const DIGEST_ALGORITHM = 'sha256:';

/**
 * The exclusive upper bound of a digest prefix's range: every continuation of a prefix is lower-
 * case hex, and `g` sorts after each of them (byte order: SQLite's BINARY, PostgreSQL's "C").
 */
const AFTER_HEX = 'g';

/** The splits of `a/b/c` into namespace and name: (a, b/c), (a/b, c); HSS names may hold `/`. */
function namespaceSplits(path: string): Array<{ namespace: string; name: string }> {
  const segments = path.split('/');
  const splits: Array<{ namespace: string; name: string }> = [];
  for (let cut = 1; cut < segments.length; cut++)
    splits.push({
      namespace: segments.slice(0, cut).join('/'),
      name: segments.slice(cut).join('/'),
    });
  return splits;
}

export function keyCondition(key: SearchKey): RawBuilder<unknown> {
  switch (key.kind) {
    case 'digest': {
      // HSS image ids are 64 hex too: the same text names a record by its image id.
      const hex = key.digest.slice(DIGEST_ALGORITHM.length);
      return sql`(image_digest = ${key.digest} or image_id in (${hex}, ${key.digest}))`;
    }
    case 'digest_prefix':
      return sql`(image_digest >= ${key.prefix} and image_digest < ${key.prefix + AFTER_HEX})`;
    case 'name_tag':
      return sql`(image_name = ${key.name} and image_version = ${key.tag})`;
    case 'reference': {
      const tag = key.tag === undefined ? sql`` : sql` and image_version = ${key.tag}`;
      const splits = namespaceSplits(key.path).map(
        ({ namespace, name }) => sql`(namespace = ${namespace} and image_name = ${name}${tag})`,
      );
      return sql`(${sql.join(splits, sql` or `)})`;
    }
    case 'text':
      return sql`(${freeText(key.text) ?? sql`1 = 0`} or image_id = ${key.text})`;
  }
}

/** How well a row matches (lower first): the lists' search rank for text, else all equal. */
export function keyRank(key: SearchKey): RawBuilder<unknown> {
  return key.kind === 'text' ? (searchRank(key.text) ?? sql`0`) : sql`0`;
}
