import { saveProgress } from "../runs/record";

/** Progress reporter that writes to the run row at most every `everyMs` (the UI polls the row). */
export function progressWriter(runId: number, everyMs = 500) {
  let bytes = 0;
  let total: number | null = null;
  let last = 0;
  return {
    report(b: number, t?: number | null) {
      bytes = b;
      if (t !== undefined) total = t;
      const nowMs = Date.now();
      if (nowMs - last >= everyMs) {
        last = nowMs;
        saveProgress(runId, bytes, total);
      }
    },
    get bytes() {
      return bytes;
    },
    get total() {
      return total;
    },
  };
}
