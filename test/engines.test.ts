// The Node versions package.json declares must be true of every installed package, or `npm install`
// warns EBADENGINE; and production must not need the TypeScript runners (tsx, esbuild).
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
const declared = manifest.engines.node;
const SUPPORTED_LINES = [20, 22, 24];

function nodeRange(entry: LockedPackage): string | undefined {
  // Some old packages list engines as an array of strings, which npm ignores.
  return Array.isArray(entry.engines) ? undefined : entry.engines?.node;
}

describe('declared Node versions', () => {
  it('cover the supported LTS lines and the running Node', () => {
    for (const major of SUPPORTED_LINES)
      expect(semver.intersects(declared, `${major}.x`)).toBe(true);
    expect(semver.satisfies(process.version, declared)).toBe(true);
  });

  it('are accepted by every locked package', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .map(([path, entry]) => ({ path, version: entry.version, range: nodeRange(entry) }))
      .filter(({ range }) => range !== undefined && !semver.subset(declared, range))
      .map(({ path, version, range }) => `${path}@${version} needs node ${range}`);
    expect(refusing).toEqual([]);
  });
});

describe('production dependencies', () => {
  it('leave the TypeScript runners to development', () => {
    const runners = ['tsx', 'esbuild'].filter(
      (name) => lock.packages[`node_modules/${name}`]?.dev !== true,
    );
    expect(runners).toEqual([]);
  });
});
