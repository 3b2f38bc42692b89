// The contracts module: the one home of every schema shared by the app, the BFF and the simulator.
// It imports zod only; facts.ts is the part without zod (what the browser's first page needs).
export * from './facts';
export * from './params';
export * from './hss';
export * from './swr';
export * from './acr';
export * from './bff';
export * from './export';
export * from './export-headers';
export * from './risk';
export * from './detail';
export * from './changes';
export * from './views';
export * from './rules';
export * from './search';
export * from './base-images';
export * from './access';
export * from './audit';
