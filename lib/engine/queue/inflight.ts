import fs from "node:fs";
import path from "node:path";
import { env } from "../../env";

/**
 * While a run writes, a small marker under <dataDir>/runs-inflight names the files it may leave
 * behind (partial artifact, scratch folder). Recovery after a crash deletes exactly those, so no
 * half-written file can look like a good artifact.
 */
export interface Inflight {
  runId: number;
  file: string;
  partial: string;
  workDir: string;
}

const dir = () => path.join(env().dataDir, "runs-inflight");
const markerOf = (runId: number) => path.join(dir(), `run-${runId}.json`);

export function writeInflight(m: Inflight): void {
  fs.mkdirSync(dir(), { recursive: true });
  fs.writeFileSync(markerOf(m.runId), JSON.stringify(m));
}

export function clearInflight(runId: number): void {
  fs.rmSync(markerOf(runId), { force: true });
}

export function listInflight(): Inflight[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir());
  } catch {
    return [];
  }
  const out: Inflight[] = [];
  for (const n of names) {
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(dir(), n), "utf8")) as Inflight);
    } catch {
      fs.rmSync(path.join(dir(), n), { force: true });
    }
  }
  return out;
}

/** Remove what an unfinished run may have left: the partial, a not-yet-recorded artifact, the scratch folder. */
export function removeLeftovers(m: Inflight, keepArtifact = false): string[] {
  const removed: string[] = [];
  const paths = keepArtifact ? [m.partial, m.workDir] : [m.partial, m.file, `${m.file}.sha256`, `${m.file}.sha256.partial`, m.workDir];
  for (const p of paths) {
    if (fs.existsSync(p)) {
      fs.rmSync(p, { recursive: true, force: true });
      removed.push(p);
    }
  }
  clearInflight(m.runId);
  return removed;
}
