/**
 * Progress of a dump (spooled to a file) followed by its archiving: two passes over the same
 * bytes, reported as ONE counter that never goes back. Each pass counts half, so the figures stay
 * in the data's own size: the total is the driver's estimate while the dump runs (database size on
 * the server; null when unknown), then the spooled dump's real size. The bar reaches 50 % when the
 * dump ends (at most 50 % before, even when the dump outgrows the estimate) and 100 % when the
 * artifact is written.
 */
export type Report = (bytes: number, total: number | null) => void;

export function twoPassProgress(report: Report) {
  let dumped = 0;
  let estimate: number | null = null;
  let last = 0;
  const emit = (bytes: number, total: number | null) => {
    last = Math.max(last, Math.round(bytes));
    report(last, total);
  };
  return {
    /** The driver's progress: bytes written so far, and its estimate of the total when it has one. */
    dump(bytes: number, total?: number | null) {
      if (total != null && total > 0) estimate = total;
      dumped = Math.max(dumped, bytes);
      emit(dumped / 2, estimate != null ? Math.max(estimate, dumped) : null);
    },
    /** Archiving the spooled file of `size` bytes: `done` of them so far. */
    archive(done: number, size: number) {
      emit((size + done) / 2, size);
    },
  };
}
