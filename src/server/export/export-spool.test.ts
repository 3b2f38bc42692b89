// The export spool with generators the test controls: sharing by identity and version, tailing
// while the file grows, failure reaching every follower (or failing the request before any byte), the slot cap, the FIFO queue and its
// 429s, cancellation while queued, eviction, the spool files' mode and clean-up, and the gzip
// copy of a file asked for again.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ExportAbortedError,
  ExportBusyError,
  ExportSpool,
  type ExportJob,
  type ExportSpoolOptions,
} from './export-spool';

/** A generation whose bytes the test writes and ends (or fails) by hand. */
function controlledJob(identity: string, version = 1, snapshotVersion = version) {
  const body = new PassThrough();
  // Followers start once the first bytes are on disk: every generation begins with its head.
  body.write(HEAD);
  const job: ExportJob = {
    list: 'registry',
    identity,
    version,
    generate: () => Promise.resolve({ total: 2, version: snapshotVersion, body }),
  };
  return { job, body };
}

async function readBytes(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
async function readAll(stream: Readable): Promise<string> {
  return (await readBytes(stream)).toString('utf8');
}

const HEAD = 'H|';
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
/** Polls a condition; the deadline only names one that never holds (not a timing). */
const CONDITION_DEADLINE_MS = 20_000;
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + CONDITION_DEADLINE_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await tick();
  }
}
const spoolFilesIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.csv'));
const gzipCopiesIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.csv.gz'));

describe('ExportSpool', () => {
  let dir: string;
  let spool: ExportSpool;
  const never = new AbortController().signal;
  const open = (options: Partial<ExportSpoolOptions> = {}) => {
    spool = new ExportSpool({ dir, concurrency: 2, ...options });
    return spool;
  };

  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'imagewatch-spool-test-')), 'exports');
  });
  afterEach(async () => {
    await spool.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('removes stale spool files at start-up and creates its files 0600 in a 0700 directory', async () => {
    open()
      .close()
      .catch(() => undefined);
    writeFileSync(path.join(dir, '00000000-0000-4000-8000-000000000000.csv'), 'stale');
    writeFileSync(path.join(dir, 'keep.txt'), 'not ours');
    open();
    expect(readdirSync(dir).sort()).toEqual(['keep.txt']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const { job, body } = controlledJob('a');
    const served = await spool.serve(job, never);
    body.end('h\r\n1\r\n');
    expect(await readAll(served.body)).toBe(HEAD + 'h\r\n1\r\n');
    const [file] = spoolFilesIn(dir);
    expect(file).toBeDefined();
    expect(statSync(path.join(dir, file ?? '')).mode & 0o777).toBe(0o600);
    await spool.close();
    expect(spoolFilesIn(dir)).toEqual([]);
  });

  it('shares one generation between identical requests, tailing the file while it grows', async () => {
    open();
    const first = controlledJob('same');
    const second = controlledJob('same');
    const a = await spool.serve(first.job, never);
    const b = await spool.serve(second.job, never);
    expect(spool.generations).toBe(1);
    expect(a.total).toBe(2);
    let seen = '';
    b.body.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
    first.body.write('head\r\n');
    // The follower sees the bytes written so far before the generation has ended.
    await until(() => seen === `${HEAD}head\r\n`);
    first.body.end('row\r\n');
    expect(await readAll(a.body)).toBe(`${HEAD}head\r\nrow\r\n`);
    await until(() => b.body.readableEnded);
    expect(seen).toBe(`${HEAD}head\r\nrow\r\n`);
    // A later identical request at the same version streams the completed file.
    const c = await spool.serve(controlledJob('same').job, never);
    expect(await readAll(c.body)).toBe(HEAD + 'head\r\nrow\r\n');
    expect(spool.generations).toBe(1);
  });

  it('generates again once the version moved, and removes the older file', async () => {
    open();
    const v1 = controlledJob('x', 1);
    const old = await spool.serve(v1.job, never);
    v1.body.end('old');
    expect(await readAll(old.body)).toBe(HEAD + 'old');
    expect(spoolFilesIn(dir)).toHaveLength(1);
    const v2 = controlledJob('x', 2);
    const fresh = await spool.serve(v2.job, never);
    v2.body.end('new');
    expect(await readAll(fresh.body)).toBe(HEAD + 'new');
    expect(spool.generations).toBe(2);
    expect(spoolFilesIn(dir)).toHaveLength(1);
  });

  it("files a generation under its snapshot's version, not the version the request read", async () => {
    open();
    const racing = controlledJob('y', 3, 5);
    const served = await spool.serve(racing.job, never);
    racing.body.end('at five');
    expect(await readAll(served.body)).toBe(HEAD + 'at five');
    const again = await spool.serve(controlledJob('y', 5).job, never);
    expect(await readAll(again.body)).toBe(HEAD + 'at five');
    expect(spool.generations).toBe(1);
  });

  it('fails every follower when the generation fails, and drops the file', async () => {
    open();
    const generating = controlledJob('f');
    const followers = await Promise.all([
      spool.serve(generating.job, never),
      spool.serve(controlledJob('f').job, never),
      spool.serve(controlledJob('f').job, never),
    ]);
    expect(spool.generations).toBe(1);
    const outcomes = followers.map((served) =>
      readAll(served.body).then(
        (text) => `ended with ${text}`,
        () => 'failed',
      ),
    );
    generating.body.write('partial');
    await tick();
    generating.body.destroy(new Error('injected read failure'));
    expect(await Promise.all(outcomes)).toEqual(['failed', 'failed', 'failed']);
    expect(spoolFilesIn(dir)).toEqual([]);
    // The failed generation is not reused: the next request generates again.
    const retry = controlledJob('f');
    const served = await spool.serve(retry.job, never);
    retry.body.end('whole');
    expect(await readAll(served.body)).toBe(HEAD + 'whole');
    expect(spool.generations).toBe(2);
  });

  it('answers with an error, not a stream, when the generation fails before its first byte', async () => {
    open();
    const body = new PassThrough();
    const job: ExportJob = {
      list: 'registry',
      identity: 'early',
      version: 1,
      generate: () => Promise.resolve({ total: 9, version: 1, body }),
    };
    const served = spool.serve(job, never);
    await tick();
    body.destroy(new Error('injected early failure'));
    await expect(served).rejects.toThrow('injected early failure');
    expect(spoolFilesIn(dir)).toEqual([]);
  });

  it('caps generations, queues the rest in order, and refuses with a retry time when full', async () => {
    open({ concurrency: 1, queueLimit: 1 });
    const a = controlledJob('a');
    const b = controlledJob('b');
    const servedA = await spool.serve(a.job, never);
    const servedB = spool.serve(b.job, never);
    await until(() => spool.queuedGenerations === 1);
    expect(spool.runningGenerations).toBe(1);
    expect(spool.queuedGenerations).toBe(1);
    const refused = await spool
      .serve(controlledJob('c').job, never)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ExportBusyError);
    expect((refused as ExportBusyError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as ExportBusyError).message).toMatch(/busy exporting; try again in \d+ s/);
    a.body.end('a');
    expect(await readAll(servedA.body)).toBe(HEAD + 'a');
    const second = await servedB;
    b.body.end('b');
    expect(await readAll(second.body)).toBe(HEAD + 'b');
    expect(spool.generations).toBe(2);
  });

  it('refuses when the estimated wait exceeds the bound', async () => {
    open({ concurrency: 1, maxWaitMs: 1_000 });
    const a = controlledJob('a');
    const served = await spool.serve(a.job, never);
    // Untimed generations are assumed to take 2 s: one round of waiting is already too long.
    await expect(spool.serve(controlledJob('b').job, never)).rejects.toBeInstanceOf(
      ExportBusyError,
    );
    a.body.end('a');
    await readAll(served.body);
  });

  it('frees the queue place of a request whose client went away', async () => {
    open({ concurrency: 1, queueLimit: 1 });
    const a = controlledJob('a');
    const servedA = await spool.serve(a.job, never);
    const leaving = new AbortController();
    const queued = spool.serve(controlledJob('b').job, leaving.signal);
    await until(() => spool.queuedGenerations === 1);
    expect(spool.queuedGenerations).toBe(1);
    leaving.abort();
    await expect(queued).rejects.toBeInstanceOf(ExportAbortedError);
    expect(spool.queuedGenerations).toBe(0);
    const c = controlledJob('c');
    const servedC = spool.serve(c.job, never);
    a.body.end('a');
    await readAll(servedA.body);
    c.body.end('c');
    expect(await readAll((await servedC).body)).toBe(HEAD + 'c');
    // b never ran.
    expect(spool.generations).toBe(2);
  });

  it.each<[string, Partial<ExportSpoolOptions>]>([
    ['held in memory', {}],
    ['in a file: no memory budget', { memoryBytes: 0 }],
    ['in a file, in the background: a large source', { compressInlineMaxBytes: 0 }],
  ])(
    'sends a gzip copy of a file asked for again, to clients that accept gzip only (%s)',
    async (_how, options) => {
      const inMemory =
        options.memoryBytes === undefined && options.compressInlineMaxBytes === undefined;
      const inline = options.compressInlineMaxBytes === undefined;
      open(options);
      const text = HEAD + 'h\r\n' + 'a row of text, repeated\r\n'.repeat(2_000);
      const { job, body } = controlledJob('popular');
      const first = await spool.serve(job, never, { gzip: true });
      body.end(text.slice(HEAD.length));
      // A first download never waits for compression.
      expect(first.encoding).toBe('identity');
      expect(await readAll(first.body)).toBe(text);
      expect(spool.compressions).toBe(0);
      // Asked again: a small file is compressed there and then, a large one in the background
      // (plain meanwhile); once either way.
      const second = await spool.serve(controlledJob('popular').job, never, { gzip: true });
      expect(second.encoding).toBe(inline ? 'gzip' : 'identity');
      if (!inline) expect(await readAll(second.body)).toBe(text);
      else second.body.destroy();
      expect(spool.compressions).toBe(1);
      let third = await spool.serve(controlledJob('popular').job, never, { gzip: true });
      for (const deadline = Date.now() + CONDITION_DEADLINE_MS; third.encoding !== 'gzip';) {
        if (Date.now() > deadline) throw new Error('no gzip copy in time');
        await readAll(third.body);
        await tick();
        third = await spool.serve(controlledJob('popular').job, never, { gzip: true });
      }
      const compressed = await readBytes(third.body);
      expect(spool.memoryBytes).toBe(inMemory ? compressed.length : 0);
      expect(compressed.length * 10).toBeLessThan(text.length);
      expect(gunzipSync(compressed).toString('utf8')).toBe(text);
      expect(third.total).toBe(2);
      // A client that does not accept gzip still gets the plain file; one copy, one generation.
      const plain = await spool.serve(controlledJob('popular').job, never);
      expect(plain.encoding).toBe('identity');
      expect(await readAll(plain.body)).toBe(text);
      expect(spool.compressions).toBe(1);
      expect(spool.generations).toBe(1);
      if (inMemory) expect(gzipCopiesIn(dir)).toEqual([]);
      else {
        const [copy] = gzipCopiesIn(dir);
        expect(statSync(path.join(dir, copy ?? '')).mode & 0o777).toBe(0o600);
      }
      // A new version removes the file and its copy.
      const next = controlledJob('popular', 2);
      const fresh = await spool.serve(next.job, never, { gzip: true });
      next.body.end('new');
      expect(await readAll(fresh.body)).toBe(HEAD + 'new');
      expect(spoolFilesIn(dir)).toHaveLength(1);
      expect(gzipCopiesIn(dir)).toEqual([]);
      expect(spool.memoryBytes).toBe(0);
    },
  );

  it('starts the copy as soon as a generation that several requests share completes', async () => {
    open();
    const shared = controlledJob('shared');
    const a = await spool.serve(shared.job, never, { gzip: true });
    const b = await spool.serve(controlledJob('shared').job, never, { gzip: true });
    shared.body.end('rows');
    await Promise.all([readAll(a.body), readAll(b.body)]);
    expect(spool.compressions).toBe(1);
    await spool.close();
    expect(gzipCopiesIn(dir)).toEqual([]);
  });
});
