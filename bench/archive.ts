/**
 * Bench part "archive": Lifeboat's folder backup measured through the API of the running console
 * (production build, as `npm start`) from "Back up now" to the run's success, against the plain
 * shell pipeline on the same data at the same codec and level, written to a file and synced:
 * `tar -cf - DIR | zstd -1 -T0 > out && sync out` (and `gzip -1` when BENCH_CODECS has gzip).
 * Median of BENCH_REPEAT (default 3) interleaved runs each. Prints MB/s, the ratio baseline/Lifeboat
 * (aim ≥ 0.85) and the console's memory (aim: peak < 250 MB for the backup on top of the idle console,
 * the console's own peak printed beside it). Dataset: BENCH_SIZE_MB (default 1024) of random files +
 * BENCH_SMALL_FILES (default 20000) small text files under bench/data (gitignored; reused).
 * BENCH_SKIP_BUILD=1 reuses .next-bench. Run: `npm run bench archive`.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDataset } from "./_archive-dataset";
import { buildConsole, startConsole } from "./_console";
import { ConsoleApi, memKb, seedAdminToken } from "./_archive-api";

const here = import.meta.dirname;
const bigMb = Number(process.env.BENCH_SIZE_MB ?? 1024);
const smallFiles = Number(process.env.BENCH_SMALL_FILES ?? 20000);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const codecs = (process.env.BENCH_CODECS ?? "zstd").split(",");
const dataDir = path.join(here, "data");
const outDir = path.join(dataDir, "out");
const AIM_RATIO = 0.85;
const AIM_MB = 250;

// Standalone (`tsx bench/archive.ts`) must not touch ./data.
if (!process.env.LIFEBOAT_BENCH) {
  process.env.LIFEBOAT_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-archive-"));
  process.env.LIFEBOAT_SCHEDULER = "off";
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

// Asynchronous on purpose: a synchronous child blocks this process's event loop for the whole
// baseline, so undici never sees the console close an idle kept-alive connection (5 s) and the
// next API call goes out on a dead socket ("other side closed": the "stall" seen in earlier runs).
const execAsync = promisify(execFile);

async function timeShell(pipeline: string, src: string, out: string): Promise<number> {
  fs.rmSync(out, { force: true });
  const t0 = performance.now();
  await execAsync("bash", ["-o", "pipefail", "-c", pipeline, "_", src, out]);
  return (performance.now() - t0) / 1000;
}

/** The artifact is real and complete: its .sha256 checks. Then it goes (disk space). */
async function checkAndClear(storage: string) {
  const files = execFileSync("find", [storage, "-name", "*.sha256"]).toString().split("\n").filter(Boolean);
  if (files.length !== 1) throw new Error(`expected one artifact under ${storage}, found ${files.length}`);
  await execAsync("sha256sum", ["-c", path.basename(files[0]!)], { cwd: path.dirname(files[0]!) });
  for (const e of fs.readdirSync(storage)) fs.rmSync(path.join(storage, e), { recursive: true, force: true });
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const ds = ensureDataset(dataDir, bigMb, smallFiles);
  const mb = ds.bytes / 1e6;
  console.log(`dataset: ${ds.files} files, ${mb.toFixed(0)} MB (${ds.root})`);
  buildConsole();
  const { token, appId } = await seedAdminToken();
  const server = await startConsole(process.env.LIFEBOAT_DATA_DIR!, { LIFEBOAT_SCHEDULER: "off" });
  const api = new ConsoleApi(server.port, token);
  // Warm the page cache so both sides read from memory, not whoever runs first from disk.
  execFileSync("bash", ["-c", 'tar -cf - -C "$1" . > /dev/null', "_", ds.root]);
  const rows: string[][] = [];
  let ok = true;
  try {
    for (const codec of codecs) {
      const shell = codec === "zstd" ? 'tar -cf - -C "$1" . | zstd -1 -T0 -q > "$2" && sync "$2"' : 'tar -cf - -C "$1" . | gzip -1 > "$2" && sync "$2"';
      const out = path.join(outDir, `baseline.tar.${codec}`);
      const storage = path.join(outDir, `lifeboat-${codec}`);
      fs.rmSync(storage, { recursive: true, force: true });
      fs.mkdirSync(storage, { recursive: true });
      const targetId = await api.createFolderTarget(appId, `files-${codec}`, ds.root, storage, codec, 1);
      const idle = memKb(server.pid).rss;
      const base: number[] = [];
      const lb: number[] = [];
      const loads: string[] = [];
      const slowest: number[] = [];
      let size = 0;
      for (let i = 0; i < repeat; i++) {
        base.push(await timeShell(shell, ds.root, out));
        const r = await api.backup(targetId);
        if (r.status !== "success") throw new Error(`Lifeboat run ended ${r.status}: ${r.error}`);
        lb.push(r.seconds);
        slowest.push(r.slowestPollMs);
        size = r.sizeBytes ?? 0;
        loads.push(load().split(" ")[0]!);
        await checkAndClear(storage);
      }
      const mem = memKb(server.pid);
      const baseSize = fs.statSync(out).size;
      fs.rmSync(out, { force: true });
      const ratio = median(base) / median(lb);
      const peakOverIdle = (mem.hwm - idle) / 1024;
      ok &&= ratio >= AIM_RATIO && peakOverIdle < AIM_MB;
      rows.push(
        [`${codec} -1  baseline: tar | ${codec} > file && sync`, (mb / median(base)).toFixed(0), median(base).toFixed(2), base.map((s) => s.toFixed(2)).join(" "), (baseSize / 1e6).toFixed(0), "", "", "", ""],
        [`${codec} -1  Lifeboat via the API`, (mb / median(lb)).toFixed(0), median(lb).toFixed(2), lb.map((s) => s.toFixed(2)).join(" "), (size / 1e6).toFixed(0), ratio.toFixed(2), (idle / 1024).toFixed(0), (mem.hwm / 1024).toFixed(0), peakOverIdle.toFixed(0)],
      );
      console.log(`  ${codec}: load average after each Lifeboat run: ${loads.join(", ")}`);
      console.log(`  ${codec}: the console's slowest answer to GET /api/v1/runs/{id} during each backup: ${slowest.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    }
  } finally {
    await server.stop();
  }
  const head = ["", "MB/s", "median s", "runs s", "out MB", "ratio", "console idle MB", "console peak MB", "peak - idle MB"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`load average at the end: ${load()} on ${os.cpus().length} CPUs`);
  console.log(
    `aim: ratio (baseline median / Lifeboat median, median of ${repeat}) ≥ ${AIM_RATIO} and the backup's peak memory (console peak - idle) < ${AIM_MB} MB → ${ok ? "met" : "NOT met"}`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
