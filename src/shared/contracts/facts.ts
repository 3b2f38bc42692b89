// The contracts' facts that need no schema: enumerations and their labels, routes, error codes,
// limits, sort keys, query records. Nothing here loads zod (facts.test.ts holds it to that), so the
// browser imports its facts from here and only its lazily loaded code pays for zod's schemas.
export * from './enums';
export * from './bff-facts';
export * from './hss-facts';
export * from './acr-facts';
export * from './risk-facts';
export * from './query-record';
export * from './changes-facts';
export * from './rules-facts';
export * from './views-facts';
export * from './export-facts';
export * from './export-headers';
export * from './base-images-facts';
export * from './base-images-page-facts';
export * from './access-facts';
export * from './audit-facts';
