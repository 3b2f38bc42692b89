export declare const INSTALL_COMMAND: string;
export declare function findChromium(): string | undefined;
