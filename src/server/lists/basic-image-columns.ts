// The lists' basic-image export columns (BASIC_IMAGE_EXPORT_KEYS), read in the export's own
// select: the first basic image (position 0) of the row's digest, as the lists' rows show it
// (list-store.ts, primaryBasicImages). One primary-key look-up per row: (account, digest, 0).
import { sql, type RawBuilder } from 'kysely';
import type { BasicImageExportKey } from '../../shared/contracts';

export function basicImageExportColumns(
  table: string,
): Record<BasicImageExportKey, RawBuilder<unknown>> {
  const first = (value: RawBuilder<unknown>) =>
    sql`(select ${value} from basic_images b where b.account = ${sql.ref(`${table}.account`)}
      and b.image_digest = ${sql.ref(`${table}.image_digest`)} and b.position = 0
      and b.kind = 'base')`;
  return {
    basic_image: first(sql`trim(b.os_name || ' ' || b.os_version)`),
    basic_image_digest: first(sql`b.layer_digest`),
  };
}
