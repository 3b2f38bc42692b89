import type { Plugin } from 'vite';

export declare function compileCatalogue(tree: unknown, prefix?: string): unknown;
export declare function precompileMessages(options: { withoutParser: boolean }): Plugin;
