import type { FileHandle } from "node:fs/promises";

/**
 * While another process (zstd) appends to the artifact, ask the kernel every `everyMs` to write
 * what is there so far (fdatasync on the libuv thread pool, one at a time). The disk then works
 * during compression instead of the whole artifact waiting in the page cache for the final fsync
 * (on the bench's 1 GB that final wait was most of the time after the last byte).
 */
export function startWriteback(fh: FileHandle, everyMs = 250): { stop(): Promise<void> } {
  let inFlight: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = fh.datasync().then(
      () => {
        inFlight = null;
      },
      () => {
        // A failing datasync shows up again in the final fsync, which decides.
        inFlight = null;
      },
    );
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
