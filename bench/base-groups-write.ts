// The write cost of 0066's kept groups (`*_risk_namespace_base_groups`): rescans of 2,000 images
// (severity and vulnerability count changed, so every row moves group) over a file inventory of
// 20,000 images, the 2,000 rescanned sharing 200 answered digests, alternated with the 0066 triggers present and
// dropped in one process. `npx tsx bench/base-groups-write.ts [rounds] [name|nameindex]` (`name`:
// 0068's counts per image name instead, `nameindex`: 0070's index led by the image name); CPU by
// process.cpuUsage. WRITE_LIST=cicd: CI/CD images, with
// and without 0069's groups with the pipeline name (`cicd_images_risk_pipeline_base_groups`).
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import {
  CicdImageSchema,
  RegistryImageSchema,
  type CicdImage,
  type RegistryImage,
} from '../src/shared/contracts';
import { openInventory } from '../src/server/store/db';
import { upsertCicdImages, upsertRegistryImages } from '../src/server/test-support/per-list';
import { generateEstate } from '../src/simulator/estate';
import { fillBasicImages } from './bench-util';

const ROUNDS = Number(process.argv[2] ?? 4);
const cicd = process.env.WRITE_LIST === 'cicd';
// The kept groups measured: 0066's by default, `name` 0068's counts per image name and severity,
// WRITE_LIST=cicd 0069's CI/CD groups with the pipeline name.
const KEPT =
  process.argv[3] === 'name'
    ? { label: '0068', pattern: /_risk_name_(facets|base_groups)_/ }
    : process.argv[3] === 'nameindex'
      ? { label: '0070 (index)', pattern: /^(registry|cicd)_images_name_facets$/ }
      : cicd
        ? { label: '0069 (pipeline name)', pattern: /_risk_pipeline_base_groups_/ }
        : { label: '0066', pattern: /_risk_namespace_base_groups_/ };
const ACCOUNT = 'bench';
const now = Date.UTC(2026, 11, 1);
const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-write-'));
const db = await openInventory({ dataDir });
try {
  const estate = generateEstate({
    seed: 42,
    registryImages: cicd ? 0 : 20_000,
    cicdImages: cicd ? 20_000 : 0,
    now,
  });
  const parsed = cicd
    ? estate.cicdImages.map((record) => CicdImageSchema.parse(record))
    : estate.registryImages.map((record) => RegistryImageSchema.parse(record));
  // One list per run: the batch holds that list's images only.
  const upsert = (batch: ReadonlyArray<CicdImage | RegistryImage>, seenAt: number) =>
    cicd
      ? upsertCicdImages(db, ACCOUNT, batch as CicdImage[], seenAt)
      : upsertRegistryImages(db, ACCOUNT, batch as RegistryImage[], seenAt);
  // The 2,000 rescanned images share 200 answered digests (an answer runs every base trigger:
  // ~0.1 s each, so the others stay unanswered).
  const answered = [...new Set(parsed.map((image) => image.image_digest))].slice(0, 200);
  const images = parsed.map((image, index) =>
    index < 2_000 ? { ...image, image_digest: answered[index % 200] ?? image.image_digest } : image,
  );
  await fillBasicImages(db, ACCOUNT, answered, now);
  for (let start = 0; start < images.length; start += 5_000)
    await upsert(images.slice(start, start + 5_000), now);
  const batch = images.slice(0, 2_000);
  console.log(
    `${batch.length} images of ${new Set(batch.map((image) => image.image_digest)).size} digests rescanned`,
  );
  const { rows: all } = await sql<{ name: string; sql: string; type: string }>`select name,
      sql, type from sqlite_master where type in ('trigger', 'index') and sql is not null`.execute(
    db,
  );
  const triggers = all.filter((trigger) => KEPT.pattern.test(trigger.name));
  console.log(`${triggers.length} triggers or indexes of ${KEPT.label}`);
  let run = 0;
  const rescan = async () => {
    run += 1;
    const rescanned = batch.map((image) => ({
      ...image,
      severity_level: run % 2 === 0 ? 'High' : 'Low',
      vul_num: image.vul_num + run,
      latest_scan_time: String(now + run),
    }));
    const start = process.cpuUsage();
    await upsert(rescanned, now + run);
    const cpu = process.cpuUsage(start);
    return Math.round((cpu.user + cpu.system) / 1000);
  };
  await rescan(); // warm
  const kept: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    kept.push(await rescan());
    for (const trigger of triggers)
      await sql`drop ${sql.raw(trigger.type)} ${sql.ref(trigger.name)}`.execute(db);
    bare.push(await rescan());
    for (const trigger of triggers) await sql.raw(trigger.sql).execute(db);
  }
  console.log(
    `load ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log(`with ${KEPT.label}: ${kept.join(', ')} ms CPU; without: ${bare.join(', ')} ms CPU`);
} finally {
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
