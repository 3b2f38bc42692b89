import type { Plugin } from 'vite';

export declare function precompressFiles(dir: string): {
  files: number;
  bytes: number;
  brotliBytes: number;
};
export declare function precompressAssets(): Plugin;
