export declare const POSTGRES_INSTALL_COMMAND: string;
export declare const POSTGRES_SEARCH_ROOTS: readonly string[];
export declare function findPostgresBinDir(searchRoots?: readonly string[]): string | undefined;
export declare function postgresMissingMessage(
  searchRoots?: readonly string[],
  databaseUrl?: string,
): string | undefined;
