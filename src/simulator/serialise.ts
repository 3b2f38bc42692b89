// JSON text of simulated responses, written by hand so that 64-bit ids go out as numbers with
// every digit (JSON.stringify would need a Number, which cannot hold them).
import type {
  AcrRepositoryRecord,
  AcrTagRecord,
  BasicImageRecord,
  CicdImageRecord,
  Estate,
  RegistryImageRecord,
  SimTime,
  SwrRepositoryRecord,
} from './estate';

const q = JSON.stringify;

/** Times are Longs: a bigint goes out with every digit, like ids. */
function optionalTime(name: string, value: SimTime | null): string {
  return value === null ? '' : `,"${name}":${value}`;
}

export function registryImageJson(row: RegistryImageRecord, estate: Estate): string {
  const associations: string[] = [];
  for (const id of row.association_ids) {
    const child = estate.registryById.get(id);
    if (!child) continue;
    associations.push(
      `{"id":${child.id},"image_id":${q(child.image_id)},"image_name":${q(child.image_name)},` +
        `"image_version":${q(child.image_version)},"image_type":${q(child.image_type)},` +
        `"namespace":${q(child.namespace)},"image_digest":${q(child.image_digest)},` +
        `"scan_status":${q(child.scan_status)},"vul_num":${child.vul_num},` +
        `"unsafe_setting_num":${child.unsafe_setting_num},"malicious_file_num":${child.malicious_file_num}}`,
    );
  }
  return (
    `{"id":${row.id},"namespace":${q(row.namespace)},"image_name":${q(row.image_name)},` +
    `"image_id":${q(row.image_id)},"image_digest":${q(row.image_digest)},` +
    `"image_version":${q(row.image_version)},"image_type":${q(row.image_type)},` +
    `"registry_id":${q(row.registry_id)},"registry_name":${q(row.registry_name)},` +
    `"registry_type":${q(row.registry_type)},"latest_version":${row.latest_version},` +
    `"scan_status":${q(row.scan_status)},"scan_failed_desc":${q(row.scan_failed_desc)},` +
    `"scan_failed_code":${q(row.scan_failed_code)},"image_size":${row.image_size},` +
    `"latest_update_time":${row.latest_update_time}` +
    optionalTime('latest_scan_time', row.latest_scan_time) +
    `,"latest_sync_time":${row.latest_sync_time},"vul_num":${row.vul_num},` +
    `"unsafe_setting_num":${row.unsafe_setting_num},"malicious_file_num":${row.malicious_file_num},` +
    `"domain_name":${q(row.domain_name)},"shared_status":${q(row.shared_status)},` +
    `"scannable":${row.scannable},"is_multiple_arch":${row.is_multiple_arch},` +
    `"instance_name":${q(row.instance_name)},"instance_id":${q(row.instance_id)},` +
    `"instance_url":${q(row.instance_url)},"severity_level":${q(row.severity_level)},` +
    `"association_images":[${associations.join(',')}]}`
  );
}

export function cicdImageJson(row: CicdImageRecord): string {
  return (
    `{"image_id":${q(row.image_id)},"cicd_name":${q(row.cicd_name)},` +
    `"pipeline_type":${q(row.pipeline_type)},"namespace":${q(row.namespace)},` +
    `"image_name":${q(row.image_name)},"image_digest":${q(row.image_digest)},` +
    `"image_version":${q(row.image_version)},"registry_name":${q(row.registry_name)},` +
    `"image_type":${q(row.image_type)},"registry_type":${q(row.registry_type)},` +
    `"latest_version":${row.latest_version},"scan_status":${q(row.scan_status)},` +
    `"scan_failed_desc":${q(row.scan_failed_desc)},"scan_failed_code":${q(row.scan_failed_code)},` +
    `"image_size":${row.image_size},"latest_update_time":${row.latest_update_time}` +
    optionalTime('latest_scan_time', row.latest_scan_time) +
    `,"vul_num":${row.vul_num},"unsafe_setting_num":${row.unsafe_setting_num},` +
    `"malicious_file_num":${row.malicious_file_num},"severity_level":${q(row.severity_level)}}`
  );
}

export function listJson(total: number, items: readonly string[]): string {
  return `{"total_num":${total},"data_list":[${items.join(',')}]}`;
}

export function basicImagesJson(total: number, items: readonly BasicImageRecord[]): string {
  return q({ total_num: total, data_list: items });
}

export function swrRepositoryJson(repo: SwrRepositoryRecord): string {
  const { created_ms, updated_ms, ...rest } = repo;
  return q({
    ...rest,
    created: new Date(created_ms).toISOString(),
    updated: new Date(updated_ms).toISOString(),
  });
}

export function acrTagJson(tag: AcrTagRecord): Record<string, unknown> {
  // The API table types ImageCreate/ImageUpdate as strings of epoch ms.
  return {
    Tag: tag.Tag,
    Digest: tag.Digest,
    ImageId: tag.ImageId,
    Status: tag.Status,
    ImageSize: tag.ImageSize,
    ImageCreate: String(tag.ImageCreate),
    ImageUpdate: String(tag.ImageUpdate),
  };
}

export function acrRepositoryJson(repo: AcrRepositoryRecord): Record<string, unknown> {
  const { tags: _tags, ...rest } = repo;
  return rest;
}
