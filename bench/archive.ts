/**
 * Bench part "archive": Lifeboat's filesystem backup vs the plain shell pipeline on the same data,
 * at the same codec and level — `tar -cf - DIR | zstd -1 -T0 > out` and `tar -cf - DIR | gzip -1 > out`.
 * Prints MB/s, the ratio Lifeboat/baseline (aim ≥ 0.9) and Lifeboat's peak RSS (aim < 250 MB).
 * Dataset: BENCH_SIZE_MB (default 1024) of random files + BENCH_SMALL_FILES (default 20000) small
 * text files under bench/data (gitignored; reused); BENCH_REPEAT (default 2) best-of runs for zstd;
 * BENCH_CODECS=zstd to skip gzip. Run: `npm run bench archive`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { ensureDataset } from "./_archive-dataset";

const here = import.meta.dirname;
const root = path.resolve(here, "..");
const bigMb = Number(process.env.BENCH_SIZE_MB ?? 1024);
const smallFiles = Number(process.env.BENCH_SMALL_FILES ?? 20000);
const dataDir = path.join(here, "data");
const outDir = path.join(dataDir, "out");

function bundleChild(): string {
  const out = path.join(dataDir, ".build", "archive-child.mjs");
  buildSync({
    entryPoints: [path.join(here, "_archive-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: out,
    logLevel: "error",
  });
  return out;
}

function timeShell(pipeline: string, src: string, out: string): number {
  fs.rmSync(out, { force: true });
  const t0 = performance.now();
  execFileSync("bash", ["-o", "pipefail", "-c", pipeline, "_", src, out], { stdio: "inherit" });
  return (performance.now() - t0) / 1000;
}

function runLifeboat(child: string, src: string, compression: string, level: number) {
  const storage = path.join(outDir, `lifeboat-${compression}`);
  fs.rmSync(storage, { recursive: true, force: true });
  fs.mkdirSync(storage, { recursive: true });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-archive-run-"));
  const r = spawnSync(process.execPath, [child, src, storage, compression, String(level)], {
    cwd: root,
    env: { ...process.env, LIFEBOAT_DATA_DIR: data, LIFEBOAT_SCHEDULER: "off" },
    encoding: "utf8",
  });
  fs.rmSync(data, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`Lifeboat backup failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!);
  if (res.status !== "success") throw new Error(`Lifeboat run ended ${res.status}: ${res.error}`);
  // Check it is a real, complete archive.
  const file = path.join(storage, res.artifact);
  execFileSync("sha256sum", ["-c", path.basename(file) + ".sha256"], { cwd: path.dirname(file), stdio: "ignore" });
  return res as { seconds: number; sizeBytes: number; maxRssKb: number };
}

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const ds = ensureDataset(dataDir, bigMb, smallFiles);
  const mb = ds.bytes / 1e6;
  console.log(`dataset: ${ds.files} files, ${mb.toFixed(0)} MB (${ds.root})`);
  const child = bundleChild();
  // Warm the page cache so both sides read from memory, not whoever runs first from disk.
  execFileSync("bash", ["-c", 'tar -cf - -C "$1" . > /dev/null', "_", ds.root]);

  const rows: string[][] = [];
  let ok = true;
  // The machine may be shared: every timing is the best of BENCH_REPEAT runs, interleaved.
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 2));
  for (const [codec, level, shell] of [
    ["zstd", 1, 'tar -cf - -C "$1" . | zstd -1 -T0 -q > "$2"'],
    ["gzip", 1, 'tar -cf - -C "$1" . | gzip -1 > "$2"'],
  ] as const) {
    if (process.env.BENCH_CODECS && !process.env.BENCH_CODECS.split(",").includes(codec)) continue;
    const out = path.join(outDir, `baseline.tar.${codec}`);
    let base = Infinity;
    let baseSync = Infinity;
    let lb = { seconds: Infinity, sizeBytes: 0, maxRssKb: 0 };
    for (let i = 0; i < (codec === "gzip" ? 1 : repeat); i++) {
      base = Math.min(base, timeShell(shell, ds.root, out));
      // Lifeboat fsyncs the artifact before calling it done; the same guarantee for the shell:
      baseSync = Math.min(baseSync, timeShell(`${shell} && sync "$2"`, ds.root, out));
      const r = runLifeboat(child, ds.root, codec, level);
      if (r.seconds < lb.seconds) lb = r;
      lb.maxRssKb = Math.max(lb.maxRssKb, r.maxRssKb);
    }
    const baseSize = fs.statSync(out).size;
    const ratio = base / lb.seconds;
    const ratioSync = baseSync / lb.seconds;
    const rssMb = lb.maxRssKb / 1024;
    ok &&= ratioSync >= 0.9 && rssMb < 250;
    rows.push(
      [`${codec} -${level}  baseline: tar | ${codec}`, (mb / base).toFixed(0), base.toFixed(2), (baseSize / 1e6).toFixed(0), "", "", ""],
      [`${codec} -${level}  baseline + sync`, (mb / baseSync).toFixed(0), baseSync.toFixed(2), (baseSize / 1e6).toFixed(0), "", "", ""],
      [`${codec} -${level}  Lifeboat`, (mb / lb.seconds).toFixed(0), lb.seconds.toFixed(2), (lb.sizeBytes / 1e6).toFixed(0), ratio.toFixed(2), ratioSync.toFixed(2), rssMb.toFixed(0)],
    );
    fs.rmSync(out, { force: true });
    fs.rmSync(path.join(outDir, `lifeboat-${codec}`), { recursive: true, force: true });
  }
  const head = ["", "MB/s", "seconds", "out MB", "ratio", "ratio vs +sync", "peak RSS MB"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  console.log(
    `aim: ratio ≥ 0.90 (against the baseline with the same durability, i.e. + sync) and peak RSS < 250 MB → ${ok ? "met" : "NOT met"}\n` +
      "Lifeboat's time covers the whole run: queue, pre-scan, tar, compression, sha256, fsync, rename, .sha256 and DB records. RSS is the Node process (zstd's own memory is the same as the baseline's).",
  );
}

main();
