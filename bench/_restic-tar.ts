/**
 * The tar engine on the restic bench's folder: a full Lifeboat filesystem run through
 * bench/_archive-child.ts (zstd -1, bundled like bench/archive.ts does); if that child cannot run
 * (the runner is being reshaped), the same work as a shell pipeline, and the table says which.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";

// Bundled into a temp folder: the bench folder comes from bench/restic.ts.
const here = process.env.LIFEBOAT_BENCH_DIR ?? import.meta.dirname;

export async function runTarEngine(src: string): Promise<{ seconds: number; sizeBytes: number; how: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-restic-tar-"));
  try {
    // Beside the sources (bench/data is gitignored): its bare imports resolve from node_modules.
    const child = path.join(here, "data", ".build", "restic-archive-child.mjs");
    buildSync({ entryPoints: [path.join(here, "_archive-child.ts")], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: child, logLevel: "error" });
    const storage = path.join(tmp, "storage");
    fs.mkdirSync(storage);
    const r = spawnSync(process.execPath, [child, src, storage, "zstd", "1"], {
      cwd: path.resolve(here, ".."),
      env: { ...process.env, LIFEBOAT_DATA_DIR: path.join(tmp, "data"), LIFEBOAT_SCHEDULER: "off" },
      encoding: "utf8",
    });
    const res = r.status === 0 ? JSON.parse(r.stdout.trim().split("\n").pop()!) : null;
    if (res?.status === "success") return { seconds: res.seconds, sizeBytes: res.sizeBytes, how: "Lifeboat run, zstd -1" };
    console.error(`tar engine child did not run (${res?.error ?? r.stderr.trim().split("\n").slice(-2).join(" | ")}); timing the pipeline instead`);
    const out = path.join(tmp, "out.tar.zst");
    const t0 = performance.now();
    execFileSync("bash", ["-o", "pipefail", "-c", 'tar -cf - -C "$1" . | zstd -1 -T0 -q > "$2" && sync "$2"', "_", src, out]);
    return { seconds: (performance.now() - t0) / 1000, sizeBytes: fs.statSync(out).size, how: "tar | zstd -1 pipeline" };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
