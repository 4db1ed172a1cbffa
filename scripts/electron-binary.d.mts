/** The path of Electron's binary, or null when it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary(): string | null;
