// The CSV export over HTTP against an inventory filled from the simulator's estate: the same rows
// and order as the list, the columns asked for, RFC 4180 + BOM + CRLF, formula neutralisation,
// non-ASCII names, 19-digit ids, one snapshot while a writer changes the table, bad parameters,
// a stream cut mid-way that the client-side export engine refuses to save, and the gzip copy
// sent for a file asked for again.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';

import { get as httpGet, type IncomingMessage } from 'node:http';

import { tmpdir } from 'node:os';

import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExportFailure, runExport, type ExportSink } from '../../features/export/api/run-export';

import {
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesPageSchema,
  RegistryImageSchema,
  type RegistryImage,
} from '../../shared/contracts';

import { decodeCsv } from '../../shared/csv';

import { basicImagesOf, generateEstate } from '../../simulator';
import { writeBasicImageAnswer } from '../base-images/base-images-store';

import { openInventory, type InventoryDb } from '../store/db';

import { acceptsGzip } from './export';

import { startExportTestServer, type ExportTestServer } from '../test-support/export-fixtures';
import { mirrorEstate } from '../test-support/sync-harness';
import { upsertRegistryImages } from '../test-support/per-list';

const NOW = Date.UTC(2025, 5, 1);
const MAX_ID = '9223372036854775807';

/** Rows whose text would run as a formula, or is hard to quote, or is not ASCII. */
function craftedImages(): RegistryImage[] {
  const base = RegistryImageSchema.parse({
    id: '1',
    namespace: 'crafted',
    image_name: 'x',
    image_version: '1',
    scan_status: 'finished',
    severity_level: 'High',
    vul_num: 3,
    image_size: 4_000_000_000,
    latest_scan_time: NOW - 1000,
  });
  const names = [
    '=HYPERLINK("http://evil.example","click")',
    '+cmd|" /C calc"!A0',
    '-2+3',
    '@SUM(A1:A2)',
    '\tleading-tab',
    '\rleading-cr',
    '镜像-ünïcödé-😀',
    'comma, "quote"\r\nand a line break',
  ];
  return names.map((image_name, index) => ({
    ...base,
    id: String(9_000_000_000_000_000_001n + BigInt(index)),
    image_name,
  }));
}

const sinkOf = (): ExportSink & {
  parts: Uint8Array[];
  committed: string | null;
  discarded: boolean;
} => {
  const sink = {
    parts: [] as Uint8Array[],
    committed: null as string | null,
    discarded: false,
    write: (chunk: Uint8Array) => {
      sink.parts.push(chunk);
      return Promise.resolve();
    },
    commit: (fileName: string) => {
      sink.committed = fileName;
      return Promise.resolve();
    },
    discard: () => {
      sink.discarded = true;
      sink.parts = [];
      return Promise.resolve();
    },
  };
  return sink;
};

async function listIds(
  server: ExportTestServer,
  query: string,
): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 200) {
    const response = await fetch(
      `${server.url}/api/hss/registry-images?${query}&limit=200&offset=${offset}`,
    );
    const page = RegistryImagesPageSchema.parse(await response.json());
    total = page.total_num;
    ids.push(...page.data_list.map((image) => image.id));
    if (page.data_list.length < 200) break;
  }
  return { ids, total };
}

describe('CSV export (file-backed inventory)', () => {
  let dir: string;
  let db: InventoryDb;
  let server: ExportTestServer;
  let failAfter: number | null = null;
  let writeDuringExport: (() => void) | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-export-'));
    db = await openInventory({ dataDir: dir });
    server = await startExportTestServer({
      db,
      beforeBatch: async (rowsSoFar) => {
        if (rowsSoFar > 0 && writeDuringExport) {
          const write = writeDuringExport;
          writeDuringExport = null;
          write();
        }
        if (failAfter !== null && rowsSoFar >= failAfter) {
          // Let the rows so far reach the spool file (and the client) before failing: a failure
          // before any byte is on disk is answered with an error body instead (tested below).
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('injected read failure');
        }
      },
    });
    const estate = generateEstate({ seed: 7, registryImages: 1500, cicdImages: 50, now: NOW });
    await mirrorEstate(db, server.accountId, estate);
    await upsertRegistryImages(db, server.accountId, craftedImages(), NOW);
  });

  afterAll(async () => {
    await server.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports exactly the list rows, in the list order, with headers first', async () => {
    const filters = 'severity_level=High,Medium&has_vul=true&sort_key=vul_num&sort_dir=desc';
    const list = await listIds(server, filters);
    expect(list.total).toBeGreaterThan(200);
    const response = await fetch(
      `${server.url}/api/hss/registry-images/export.csv?${filters}&columns=id,image_name`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('x-total-count')).toBe(String(list.total));
    expect(response.headers.get('x-data-synced-at')).toBe(String(Date.UTC(2025, 0, 2, 3, 4, 5)));
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toBe(
      // The file name says which list, which main filters and which day (issue 18).
      `attachment; filename="imagewatch-registry-images-${server.accountId}-severity_level-High_Medium-has_vul-${today}.csv"`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = decodeCsv(text);
    expect(header).toEqual(['Record ID', 'Image name']);
    expect(rows.map((row) => row[0])).toEqual(list.ids);
  });

  it('writes every column in the default order with ISO times, byte sizes and every id digit', async () => {
    const response = await fetch(`${server.url}/api/hss/registry-images/export.csv`);
    const [header, ...rows] = decodeCsv(await response.text());
    expect(header).toEqual(REGISTRY_EXPORT_COLUMNS.map((column) => column.header));
    expect(rows.length).toBe(Number(response.headers.get('x-total-count')));
    const column = (key: string) => REGISTRY_EXPORT_COLUMNS.findIndex((c) => c.key === key);
    const ids = rows.map((row) => row[column('id')]);
    expect(ids).toContain(MAX_ID);
    const crafted = rows.find((row) => row[column('id')] === '9000000000000000001');
    expect(crafted?.[column('image_size')]).toBe('4000000000');
    expect(crafted?.[column('latest_scan_time')]).toBe(new Date(NOW - 1000).toISOString());
    expect(crafted?.[column('latest_version')]).toBe('false');
    for (const row of rows) {
      expect(row).toHaveLength(header?.length ?? 0);
      const time = row[column('latest_update_time')] ?? '';
      if (time !== '') expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('neutralises formulas and keeps non-ASCII text and quoted line breaks intact', async () => {
    const response = await fetch(
      `${server.url}/api/hss/registry-images/export.csv?namespace=crafted&columns=image_name,id`,
    );
    const rows = decodeCsv(await response.text()).slice(1);
    expect(rows.map((row) => row[0])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      `'+cmd|" /C calc"!A0`,
      `'-2+3`,
      `'@SUM(A1:A2)`,
      `'\tleading-tab`,
      `'\rleading-cr`,
      '镜像-ünïcödé-😀',
      'comma, "quote"\r\nand a line break',
    ]);
  });

  it('reads one snapshot: a write during the stream changes neither count nor rows', async () => {
    const expected = await listIds(server, 'q=crafted');
    const before = await listIds(server, 'image_type=private_image');
    writeDuringExport = () => {
      // A separate connection, as the sync engine's writes would be; not blocked by the export.
      const writer = new Database(path.join(dir, 'inventory.sqlite'));
      writer.pragma('busy_timeout = 1000');
      writer.prepare("delete from registry_images where image_type = 'private_image'").run();
      writer.close();
    };
    const response = await fetch(
      `${server.url}/api/hss/registry-images/export.csv?image_type=private_image&columns=id`,
    );
    const rows = decodeCsv(await response.text()).slice(1);
    expect(writeDuringExport).toBeNull();
    expect(before.total).toBeGreaterThan(512);
    expect(response.headers.get('x-total-count')).toBe(String(before.total));
    expect(rows.map((row) => row[0])).toEqual(before.ids);
    expect((await listIds(server, 'image_type=private_image')).total).toBe(0);
    expect((await listIds(server, 'q=crafted')).ids).toEqual(expected.ids);
  });

  it('cuts the connection when the stream breaks, and the client refuses to save the file', async () => {
    failAfter = 512;
    try {
      const raw = await fetch(`${server.url}/api/hss/registry-images/export.csv`);
      expect(raw.status).toBe(200);
      await expect(raw.text()).rejects.toThrow();

      const sink = sinkOf();
      const failure = await runExport({
        url: `${server.url}/api/hss/registry-images/export.csv`,
        sink,
        signal: new AbortController().signal,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ExportFailure);
      expect((failure as ExportFailure).kind).toBe('network');
      // The bytes of the last batch before the failure may or may not reach the client before
      // the socket is destroyed (the spool's reader is not in lockstep with the generator).
      expect((failure as ExportFailure).message).toMatch(
        /broke off after (256|512) rows of [\d,]+ rows/,
      );
      expect(sink.discarded).toBe(true);
      expect(sink.committed).toBeNull();
    } finally {
      failAfter = null;
    }
  });

  it('lets the client save a whole export, and names the file from the server', async () => {
    const sink = sinkOf();
    const progress: number[] = [];
    const result = await runExport({
      url: `${server.url}/api/hss/registry-images/export.csv?has_vul=true`,
      sink,
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p.rows),
    });
    const list = await listIds(server, 'has_vul=true');
    expect(result.rows).toBe(list.total);
    expect(progress.at(-1)).toBe(list.total);
    expect(sink.committed).toMatch(/^imagewatch-registry-images-.+-\d{4}-\d\d-\d\d\.csv$/);
    const text = Buffer.concat(sink.parts).toString('utf8');
    expect(decodeCsv(text).length - 1).toBe(list.total);
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['offset=0', 'offset'],
      ['limit=10', 'limit'],
      ['columns=id,nope', 'columns'],
      ['columns=id,id', 'columns'],
      ['columns=', 'columns'],
      ['severity_level=Severe', 'severity_level'],
      ['has_vul=true&has_vul=false', 'has_vul'],
      ['account=nobody', 'account'],
    ];
    for (const [query, field] of cases) {
      const response = await fetch(`${server.url}/api/hss/registry-images/export.csv?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { field: string; message: string } };
      expect(body.error.field, query).toBe(field);
    }
    const sink = sinkOf();
    await expect(
      runExport({
        url: `${server.url}/api/hss/cicd-images/export.csv?columns=id`,
        sink,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/refused the export: columns has an unknown column "id"/);
  });

  it('writes the labels shown on screen with values=labels, the API codes by default', async () => {
    const query = 'severity_level=High,Medium&columns=severity_level,scan_status';
    const codes = decodeCsv(
      await (await fetch(`${server.url}/api/hss/registry-images/export.csv?${query}`)).text(),
    );
    const labels = decodeCsv(
      await (
        await fetch(`${server.url}/api/hss/registry-images/export.csv?${query}&values=labels`)
      ).text(),
    );
    expect(labels[0]).toEqual(codes[0]);
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(codes.slice(1).map((row) => row[0]))).toEqual(new Set(['High', 'Medium']));
    expect(new Set(labels.slice(1).map((row) => row[0]))).toEqual(
      new Set(['High risk', 'Medium risk']),
    );
    const bad = await fetch(`${server.url}/api/hss/registry-images/export.csv?values=words`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('values');
  });

  it('exports CI/CD images with their own columns', async () => {
    const response = await fetch(
      `${server.url}/api/hss/cicd-images/export.csv?columns=image_id,cicd_name`,
    );
    const [header, ...rows] = decodeCsv(await response.text());
    expect(header).toEqual(['Image ID', 'CI/CD name']);
    expect(rows).toHaveLength(50);
    expect(response.headers.get('content-disposition')).toContain('imagewatch-cicd-images-');
  });

  it('exports the basic image of each image (columns=basic_image,basic_image_digest) as the list shows it', async () => {
    // Some digests answered by the enrichment (the rest stay empty, as the list shows null).
    const page = RegistryImagesPageSchema.parse(
      await (await fetch(`${server.url}/api/hss/registry-images?limit=200`)).json(),
    );
    const answered = page.data_list.slice(0, 60).filter((image) => image.image_digest !== '');
    for (const image of answered) {
      const bases = basicImagesOf({ image_digest: image.image_digest });
      await writeBasicImageAnswer(
        db,
        server.accountId,
        image.image_digest,
        { total_num: bases.length, data_list: bases },
        NOW,
      );
    }
    const listed = new Map<
      string,
      { basic_image?: string | null; basic_image_digest?: string | null }
    >();
    for (let offset = 0; ; offset += 200) {
      const next = RegistryImagesPageSchema.parse(
        await (
          await fetch(`${server.url}/api/hss/registry-images?limit=200&offset=${offset}`)
        ).json(),
      );
      for (const image of next.data_list) listed.set(image.id, image);
      if (next.data_list.length < 200) break;
    }
    const withBase = [...listed.values()].filter((image) => (image.basic_image ?? '') !== '');
    expect(withBase.length).toBeGreaterThan(10);

    const response = await fetch(
      `${server.url}/api/hss/registry-images/export.csv?columns=id,basic_image,basic_image_digest&lang=zh-CN`,
    );
    expect(response.status).toBe(200);
    const [header, ...rows] = decodeCsv(await response.text());
    expect(header).toEqual(['记录ID', '基础镜像', '基础镜像层摘要']);
    expect(rows).toHaveLength(listed.size);
    for (const [id, basicImage, basicImageDigest] of rows) {
      const image = listed.get(id ?? '');
      expect(basicImage, id).toBe(image?.basic_image ?? '');
      expect(basicImageDigest, id).toBe(image?.basic_image_digest ?? '');
    }
    const english = await fetch(
      `${server.url}/api/hss/cicd-images/export.csv?columns=image_id,basic_image,basic_image_digest`,
    );
    const [cicdHeader] = decodeCsv(await english.text());
    expect(cicdHeader).toEqual(['Image ID', 'Base image', 'Base image layer digest']);
  });
});

describe('CSV export (in-memory inventory: the single connection is held)', () => {
  it('exports the same rows as the list', async () => {
    const db = await openInventory(':memory:');
    const server = await startExportTestServer({ db });
    try {
      await mirrorEstate(
        db,
        server.accountId,
        generateEstate({ seed: 3, registryImages: 700, cicdImages: 0, now: NOW }),
      );
      const list = await listIds(server, 'sort_key=image_name');
      const response = await fetch(
        `${server.url}/api/hss/registry-images/export.csv?sort_key=image_name&columns=id`,
      );
      const rows = decodeCsv(await response.text()).slice(1);
      expect(rows.map((row) => row[0])).toEqual(list.ids);
      // The connection was released: the list still answers.
      expect((await listIds(server, 'risky=true')).total).toBeGreaterThan(0);
    } finally {
      await server.close();
      await db.destroy();
    }
  });
});

describe('CSV export under load (shared generations, slot cap, queue)', () => {
  let dir: string;
  let db: InventoryDb;
  let server: ExportTestServer;
  let failAfter: number | null = null;
  /** Holds every generation before its second batch until released. */
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-export-load-'));
    db = await openInventory({ dataDir: dir });
    server = await startExportTestServer({
      db,
      spoolDir: path.join(dir, 'exports'),
      exportConcurrency: 1,
      spoolLimits: { queueLimit: 1 },
      beforeBatch: async (rowsSoFar) => {
        if (rowsSoFar > 0 && gate) await gate;
        if (failAfter !== null && rowsSoFar >= failAfter) throw new Error('injected read failure');
      },
    });
    await mirrorEstate(
      db,
      server.accountId,
      generateEstate({ seed: 11, registryImages: 1200, cicdImages: 20, now: NOW }),
    );
  });

  afterAll(async () => {
    await server.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportUrl = (query: string) => `${server.url}/api/hss/registry-images/export.csv?${query}`;

  /**
   * Runs `body` with every generation held before its second batch until it calls `release`;
   * releases them and clears the injected read failure however it ends.
   */
  async function withGenerationsHeld(body: (release: () => void) => Promise<void>): Promise<void> {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    const release = () => {
      open();
      gate = null;
    };
    try {
      await body(release);
    } finally {
      failAfter = null;
      release();
    }
  }

  it('answers 20 identical concurrent exports from one generation, byte for byte', async () => {
    const before = server.spool.generations;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(exportUrl('sort_key=image_name&columns=id,image_name')),
      ),
    );
    const bodies = await Promise.all(responses.map(async (response) => response.text()));
    expect(server.spool.generations - before).toBe(1);
    const total = Number(responses[0]?.headers.get('x-total-count'));
    expect(total).toBe(1200);
    for (const [index, body] of bodies.entries()) {
      expect(responses[index]?.status).toBe(200);
      expect(responses[index]?.headers.get('x-total-count')).toBe(String(total));
      expect(body).toBe(bodies[0]);
    }
    expect(decodeCsv(bodies[0] ?? '').length - 1).toBe(total);
    const files = readdirSync(path.join(dir, 'exports'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(statSync(path.join(dir, 'exports', file)).mode & 0o777).toBe(0o600);
  });

  it('sends a file asked for again as its gzip copy to clients that accept gzip', async () => {
    const url = exportUrl('has_vul=true&sort_key=image_name');
    const first = await rawGet(url, 'gzip, deflate, br, zstd');
    // The first download streams as generated; it asks for no compression.
    expect(first.response.headers['content-encoding']).toBeUndefined();
    expect(first.response.headers.vary).toBe('Accept-Encoding');
    const text = first.body.toString('utf8');
    let gzip = await rawGet(url, 'gzip, deflate, br, zstd');
    await waitFor(() => server.spool.compressions > 0);
    const deadline = Date.now() + 20_000;
    while (gzip.response.headers['content-encoding'] !== 'gzip') {
      if (Date.now() > deadline) throw new Error('the gzip copy was never sent');
      await new Promise((resolve) => setTimeout(resolve, 20));
      gzip = await rawGet(url, 'gzip, deflate, br, zstd');
    }
    expect(gzip.response.statusCode).toBe(200);
    expect(gzip.response.headers.vary).toBe('Accept-Encoding');
    expect([...gzip.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(text);
    // Random digests and ids bound the ratio near 3; the row count header is the same.
    expect(gzip.body.length * 2).toBeLessThan(first.body.length);
    expect(gzip.response.headers['x-total-count']).toBe(first.response.headers['x-total-count']);
    expect(decodeCsv(text).length - 1).toBe(Number(first.response.headers['x-total-count']));
    // Clients that refuse gzip, or say nothing, still get the plain file.
    for (const acceptEncoding of ['identity', 'gzip;q=0', null]) {
      const plain = await rawGet(url, acceptEncoding);
      expect(plain.response.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toBe(text);
    }
    // fetch (as a browser) decompresses transparently.
    const viaFetch = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(viaFetch.toString('utf8')).toBe(text);
  });

  it('generates again after a write, with the new data', async () => {
    const url = exportUrl('namespace=changed-ns&columns=id,namespace');
    const first = decodeCsv(await (await fetch(url)).text()).slice(1);
    expect(first).toEqual([]);
    const before = server.spool.generations;
    const [image] = craftedImages();
    if (!image) throw new Error('no crafted image');
    await upsertRegistryImages(db, server.accountId, [{ ...image, namespace: 'changed-ns' }], NOW);
    const second = decodeCsv(await (await fetch(url)).text()).slice(1);
    expect(second).toEqual([[image.id, 'changed-ns']]);
    expect(server.spool.generations - before).toBe(1);
  });

  it('fails every concurrent response visibly when the generation fails mid-way', async () => {
    await withGenerationsHeld(async (release) => {
      // All five share one generation, held after its first batch until every response started.
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => fetch(exportUrl('columns=id,vul_num'))),
      );
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
      const outcomes = responses.map((response) =>
        response.text().then(
          (text) => `a clean end after ${decodeCsv(text).length - 1} rows`,
          () => 'broke off',
        ),
      );
      failAfter = 256;
      release();
      expect(await Promise.all(outcomes)).toEqual(Array.from({ length: 5 }, () => 'broke off'));
      // Nothing of the failed generation is kept or reused.
      failAfter = null;
      const retry = await fetch(exportUrl('columns=id,vul_num'));
      expect(decodeCsv(await retry.text()).length - 1).toBe(
        Number(retry.headers.get('x-total-count')),
      );
    });
  });

  it('caps generations, answers 429 with Retry-After when the queue is full, and frees a place when a queued client leaves', async () => {
    await withGenerationsHeld(async (release) => {
      const running = fetch(exportUrl('columns=id&sort_key=vul_num'));
      await waitFor(() => server.spool.runningGenerations === 1);
      const leaving = new AbortController();
      const queued = fetch(exportUrl('columns=id&sort_key=image_size'), {
        signal: leaving.signal,
      }).catch((error: unknown) => error);
      await waitFor(() => server.spool.queuedGenerations === 1);

      const refused = await fetch(exportUrl('columns=id&sort_key=image_name'));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('throttled');
      expect(body.error.message).toMatch(/busy exporting/);

      leaving.abort();
      expect(await queued).toBeInstanceOf(Error);
      await waitFor(() => server.spool.queuedGenerations === 0);
      // The place is free again: this one queues instead of being refused.
      const next = fetch(exportUrl('columns=id&sort_key=latest_scan_time'));
      await waitFor(() => server.spool.queuedGenerations === 1);
      release();
      for (const response of [await running, await next]) {
        expect(response.status).toBe(200);
        const rows = decodeCsv(await response.text()).length - 1;
        expect(rows).toBe(Number(response.headers.get('x-total-count')));
      }
    });
  });

  it('lets the client wait out a 429 and retry by itself, and cancel while it waits', async () => {
    await withGenerationsHeld(async (release) => {
      const running = fetch(exportUrl('columns=id&sort_key=image_version'));
      await waitFor(() => server.spool.runningGenerations === 1);
      const queued = fetch(exportUrl('columns=id&sort_key=namespace'));
      await waitFor(() => server.spool.queuedGenerations === 1);

      const cancelling = new AbortController();
      const cancelledSink = sinkOf();
      const cancelled = runExport({
        url: exportUrl('columns=id,image_name&sort_key=vul_num'),
        sink: cancelledSink,
        signal: cancelling.signal,
        onBusy: () => cancelling.abort(),
      }).catch((error: unknown) => error);
      expect(await cancelled).toBeInstanceOf(ExportFailure);
      expect(((await cancelled) as ExportFailure).kind).toBe('cancelled');

      const waits: number[] = [];
      const sink = sinkOf();
      const retried = runExport({
        url: exportUrl('columns=id,image_name&sort_key=vul_num'),
        sink,
        signal: new AbortController().signal,
        onBusy: (seconds) => {
          waits.push(seconds);
          release();
        },
      });
      const result = await retried;
      expect(waits.length).toBeGreaterThanOrEqual(1);
      expect(waits[0]).toBeGreaterThanOrEqual(1);
      expect(result.rows).toBe(1201);
      expect(sink.committed).not.toBeNull();
      await Promise.all([running, queued].map(async (response) => (await response).text()));
    });
  });

  it('removes its spool files when the server closes', async () => {
    const extra = await startExportTestServer({ db, spoolDir: path.join(dir, 'extra-exports') });
    const response = await fetch(`${extra.url}/api/hss/registry-images/export.csv?columns=id`);
    await response.text();
    expect(readdirSync(path.join(dir, 'extra-exports'))).toHaveLength(1);
    await extra.close();
    expect(readdirSync(path.join(dir, 'extra-exports'))).toEqual([]);
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['x-gzip', true],
    ['*', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *', false],
    ['identity', false],
    ['deflate, br', false],
    ['*;q=0', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

/** A GET whose body is kept as sent (fetch would decompress it). */
function rawGet(
  url: string,
  acceptEncoding: string | null,
): Promise<{ response: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> =
      acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding };
    httpGet(url, { headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ response, body: Buffer.concat(parts) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Polls a condition; the deadline only names one that never holds (not a timing). */
async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
