import type { Plugin } from 'vite';

export declare function preloadRoute(modules: readonly string[]): Plugin;
