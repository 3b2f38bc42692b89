// Where an export's bytes go in the browser. Preferred: straight to a file the user picked
// (File System Access API), written through a swap file that only becomes the real file on
// `close()` and is thrown away on `abort()`, so a broken export never leaves a partial file.
// Fallback: Blob parts in memory, offered as a download only once the file is whole.
import type { ExportSink } from './run-export';

interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: Array<{ description: string; accept: Record<string, string[]> }>;
}
type ShowSaveFilePicker = (options?: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;

function savePicker(): ShowSaveFilePicker | undefined {
  const candidate = (window as Window & { showSaveFilePicker?: ShowSaveFilePicker })
    .showSaveFilePicker;
  return typeof candidate === 'function' ? candidate.bind(window) : undefined;
}

/** True when the browser can stream an export to disk (Chromium-based browsers today). */
export function canSaveToDisk(): boolean {
  return savePicker() !== undefined;
}

/**
 * Asks where to save (must run inside the click, before any await). Null when the user closed
 * the dialog; undefined when the browser has no picker.
 */
export async function pickExportFile(
  suggestedName: string,
): Promise<FileSystemFileHandle | null | undefined> {
  const picker = savePicker();
  if (!picker) return undefined;
  try {
    return await picker({
      suggestedName,
      types: [{ description: 'CSV file', accept: { 'text/csv': ['.csv'] } }],
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

export async function createFileSink(handle: FileSystemFileHandle): Promise<ExportSink> {
  const writable = await handle.createWritable();
  return {
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    commit: () => writable.close(),
    discard: () => writable.abort(),
  };
}

/** Holds the whole file in memory until it is complete: the browser's only choice without a picker. */
export function createMemorySink(): ExportSink {
  let parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    write: (chunk) => {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
      return Promise.resolve();
    },
    commit: (fileName) => {
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      parts = [];
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.style.display = 'none';
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser time to start the download before the URL is released.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return Promise.resolve();
    },
    discard: () => {
      parts = [];
      return Promise.resolve();
    },
  };
}
