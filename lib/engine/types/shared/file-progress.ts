import fs from "node:fs";

/** Poll a growing output file's size (a dump written by a tool) and report it as progress. */
export function watchFileSize(file: string, report: (bytes: number) => void, everyMs = 500): () => void {
  const t = setInterval(() => {
    try {
      report(fs.statSync(file).size);
    } catch {
      /* not created yet */
    }
  }, everyMs);
  t.unref();
  return () => clearInterval(t);
}
