/**
 * Bench part "offsite-copy": copying a BENCH_OFFSITE_MB (default 1024) MB artifact to a loopback
 * S3 server (Ceph's radosgw, test/servers/rgw.ts, over TLS and over http) and the sshd fixture with
 * Lifeboat's backends, against the plain tools on the same file and the same servers:
 *   S3:   `curl -T FILE --aws-sigv4 …` (one PUT, UNSIGNED-PAYLOAD; curl signs the request itself)
 *   SFTP: `sftp -b BATCH` with `put -f FILE` (fsync before it ends, as Lifeboat's copy does before its
 *         rename: the aim's baseline, as the archive bench's ends with sync), and plain `put FILE`
 * and the cost of age encryption on a local write (the same file into a local folder location,
 * with and without `age -r`). The aim, "encryption adds ≤ 15 % to a local backup's time",
 * is measured as: a local backup of the same file (a folder target through the real runner, zstd
 * -3, sha256, fsync) followed by its copy into a local folder location, encrypted vs plain: the
 * extra seconds age costs ÷ the time of that backup and its plain copy. The raw-copy ratio (age
 * vs a plain file copy, where age is the only work) is printed beside it. Prints MB/s, ratios and
 * Lifeboat's peak RSS. Aims: ≥ 0.8× the plain tool, peak RSS < 250 MB, encryption adds ≤ 15 %.
 * Each figure is the median of BENCH_REPEAT (default 3) rounds, every row run once per round.
 * s3rver is not used here: it completes a multipart upload by copying every part into one file
 * (a second pass over the bytes that no real S3 makes), which a single PUT never pays.
 * Run: `flock /tmp/lifeboat-heavy.lock npm run bench offsite-copy`.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { buildSync } from "esbuild";

const here = import.meta.dirname;
const root = path.resolve(here, "..");
const dataDir = path.join(here, "data");
const work = path.join(dataDir, "offsite");
const mb = Number(process.env.BENCH_OFFSITE_MB ?? 1024);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

function bundle(name: string): string {
  const out = path.join(dataDir, ".build", `${name}.mjs`);
  buildSync({ entryPoints: [path.join(here, `${name}.ts`)], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: out, logLevel: "error" });
  return out;
}

/** The artifact: random 8 MiB blocks (incompressible, like a .tar.zst), made once and reused. */
function ensureFile(): string {
  const blocks = Math.ceil(mb / 8);
  const file = path.join(dataDir, `offsite-${mb}mb.bin`);
  if (fs.existsSync(file) && fs.statSync(file).size === blocks * 8e6) return file;
  fs.mkdirSync(dataDir, { recursive: true });
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < blocks; i++) fs.writeSync(fd, crypto.randomBytes(8e6));
  fs.closeSync(fd);
  return file;
}

function timed(cmd: string, args: string[]): number {
  const t0 = performance.now();
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
  return (performance.now() - t0) / 1000;
}

/** One folder backup through the real runner in its own process (bench/_archive-child.ts): zstd -3, as a folder target's default. */
function backupRun(child: string, src: string, storage: string): { seconds: number; maxRssKb: number } {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-offsite-backup-"));
  fs.mkdirSync(storage, { recursive: true });
  const r = spawnSync(process.execPath, [child, src, storage, "zstd", "3"], { cwd: root, env: { ...process.env, LIFEBOAT_DATA_DIR: data, LIFEBOAT_SCHEDULER: "off" }, encoding: "utf8" });
  fs.rmSync(data, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`Lifeboat backup failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { status: string; error: string | null; seconds: number; maxRssKb: number };
  if (out.status !== "success") throw new Error(`Lifeboat backup ended ${out.status}: ${out.error}`);
  return out;
}

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)} %`;

interface ChildResult {
  seconds: number;
  size: number;
  maxRssKb: number;
}

function lifeboat(child: string, job: Record<string, unknown>, env: Record<string, string> = {}): ChildResult {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-offsite-run-"));
  const r = spawnSync(process.execPath, [child, JSON.stringify(job)], { cwd: root, env: { ...process.env, ...env, LIFEBOAT_DATA_DIR: data, LIFEBOAT_SCHEDULER: "off" }, encoding: "utf8" });
  fs.rmSync(data, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`Lifeboat copy failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

async function startServers(bundled: string) {
  const child = spawn(process.execPath, [bundled], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (c) => reject(new Error(`the test servers exited (${c})`)));
  });
  const lines = readline.createInterface({ input: child.stdout! });
  return {
    info: JSON.parse(line),
    stopRgw: () => new Promise<void>((r) => (lines.on("line", (l) => l === "rgw stopped" && r()), child.stdin!.write("stop-rgw\n"))),
    stop: () => new Promise((r) => (child.once("exit", r), child.stdin!.end())),
  };
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const file = ensureFile();
  const copyChild = bundle("_offsite-copy-child");
  const backupChild = bundle("_archive-child");
  // The backup's source: a folder holding the same file (a hard link: no second GB on disk).
  const backupSrc = path.join(work, "backup-src");
  fs.mkdirSync(backupSrc, { recursive: true });
  fs.linkSync(file, path.join(backupSrc, "artifact.bin"));
  const servers = await startServers(bundle("_offsite-servers"));
  const { rgw, ssh } = servers.info;
  console.log(`file: ${mb} MB (${file}); load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  execFileSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] }); // page cache warm for every side

  const knownHosts = path.join(work, "known_hosts");
  fs.writeFileSync(knownHosts, `${ssh.knownHostsLine}\n`);
  const batch = path.join(work, "batch");
  fs.writeFileSync(batch, `put ${file} ${ssh.dir}/baseline.bin\n`);
  const identity = execFileSync("age-keygen", [], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const recipient = /^# public key: (age1\S+)$/m.exec(identity)![1];

  // Every figure is the median of BENCH_REPEAT runs (side by side: each repeat runs every row once); peak RSS is the highest seen.
  const times: Record<string, number[]> = {};
  const peakKb: Record<string, number> = {};
  const note = (k: string, seconds: number, maxRssKb = 0) => {
    (times[k] ??= []).push(seconds);
    peakKb[k] = Math.max(peakKb[k] ?? 0, maxRssKb);
  };
  const median = (k: string) => [...times[k]].sort((a, b) => a - b)[Math.floor((times[k].length - 1) / 2)];
  const sftpArgs = ["-q", "-i", ssh.privateKeyPath, "-o", `UserKnownHostsFile=${knownHosts}`, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-P", String(ssh.port), `${ssh.user}@${ssh.host}`];
  const batchFsync = path.join(work, "batch-fsync");
  fs.writeFileSync(batchFsync, `put -f ${file} ${ssh.dir}/baseline.bin\n`);
  const curlS3 = (endpoint: string, extra: string[]) => {
    const url = `${endpoint}/${rgw.bucket}/copies/curl.bin`;
    const auth = ["--aws-sigv4", `aws:amz:${rgw.region}:s3`, "--user", `${rgw.accessKeyId}:${rgw.secretAccessKey}`, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", ...extra];
    const t = timed("curl", ["-sS", "-f", "-o", "/dev/null", ...auth, "-T", file, url]);
    execFileSync("curl", ["-sS", "-f", "-o", "/dev/null", ...auth, "-X", "DELETE", url]);
    return t;
  };
  // The S3 rounds first, then radosgw is stopped before the other rows.
  for (let i = 0; i < repeat; i++) {
    for (const [k, endpoint, extra, env] of [
      ["tls", rgw.endpoint, ["--cacert", rgw.caFile], { NODE_EXTRA_CA_CERTS: rgw.caFile }],
      ["http", rgw.httpEndpoint, [], {}],
    ] as const) {
      note(`curl-${k}`, curlS3(endpoint, [...extra]));
      const r = lifeboat(copyChild, { kind: "s3", settings: { ...rgw.settings, endpoint, prefix: "copies" }, file, key: "lifeboat.bin" }, env);
      note(`s3-${k}`, r.seconds, r.maxRssKb);
    }
  }
  await servers.stopRgw();
  for (let i = 0; i < repeat; i++) {
    note("sftpCli", timed("sftp", ["-b", batch, ...sftpArgs]));
    fs.rmSync(path.join(ssh.dir, "baseline.bin"), { force: true });
    note("sftpCliFsync", timed("sftp", ["-b", batchFsync, ...sftpArgs]));
    fs.rmSync(path.join(ssh.dir, "baseline.bin"), { force: true });
    const sftpSettings = { host: ssh.host, port: ssh.port, username: ssh.user, privateKey: ssh.privateKey, hostKeyFingerprint: ssh.hostKeyFingerprint, path: path.join(ssh.dir, "copies") };
    const sf = lifeboat(copyChild, { kind: "sftp", settings: sftpSettings, file, key: "lifeboat.bin" });
    note("sftp", sf.seconds, sf.maxRssKb);
    fs.rmSync(path.join(ssh.dir, "copies"), { recursive: true, force: true });
    const pl = lifeboat(copyChild, { kind: "local", settings: { path: path.join(work, "local") }, file, key: "plain.bin" });
    note("plain", pl.seconds, pl.maxRssKb);
    fs.rmSync(path.join(work, "local"), { recursive: true, force: true });
    const ag = lifeboat(copyChild, { kind: "local", settings: { path: path.join(work, "local") }, file, key: "plain.bin.age", age: recipient });
    note("age", ag.seconds, ag.maxRssKb);
    fs.rmSync(path.join(work, "local"), { recursive: true, force: true });
    const b = backupRun(backupChild, backupSrc, path.join(work, "backup-out"));
    note("backup", b.seconds, b.maxRssKb);
    fs.rmSync(path.join(work, "backup-out"), { recursive: true, force: true });
  }
  await servers.stop();

  const MB = mb;
  const mbs = (k: string) => (MB / median(k)).toFixed(0);
  const rss = (k: string) => (peakKb[k] / 1024).toFixed(0);
  const ratio = (base: string, k: string) => median(base) / median(k);
  const s3Ratio = ratio("curl-tls", "s3-tls");
  const s3HttpRatio = ratio("curl-http", "s3-http");
  const sftpRatio = ratio("sftpCli", "sftp");
  const sftpFsyncRatio = ratio("sftpCliFsync", "sftp");
  const ageCost = median("age") / median("plain") - 1;
  // What a user waits for: the backup, then its copy; age changes only the copy's part.
  const ageOfBackup = (median("age") - median("plain")) / (median("backup") + median("plain"));
  const runs = (k: string) => times[k].map((t) => t.toFixed(1)).join(" ");
  const row = (label: string, k: string, r = "", withRss = true) => [label, mbs(k), median(k).toFixed(2), runs(k), r, withRss ? rss(k) : ""];
  const rows = [
    row("S3 TLS   baseline: curl -T --aws-sigv4 (one PUT)", "curl-tls", "", false),
    row("S3 TLS   Lifeboat (multipart from the file, CRC-32)", "s3-tls", s3Ratio.toFixed(2)),
    row("S3 http  baseline: curl -T --aws-sigv4 (one PUT)", "curl-http", "", false),
    row("S3 http  Lifeboat (multipart, parts' sha256 signed)", "s3-http", s3HttpRatio.toFixed(2)),
    row("SFTP     baseline: sftp -b (put)", "sftpCli", "", false),
    row("SFTP     baseline: sftp -b (put -f: fsync, as Lifeboat)", "sftpCliFsync", "", false),
    row("SFTP     Lifeboat (ssh2, .partial, fsync, rename)", "sftp", `${sftpRatio.toFixed(2)} / ${sftpFsyncRatio.toFixed(2)}`),
    row("local    Lifeboat, plain", "plain"),
    row("local    Lifeboat, age -r", "age", pct(ageCost)),
    row("local backup of the file (folder target, zstd -3)", "backup"),
    ["backup + encrypted copy vs + plain copy", "", (median("backup") + median("age")).toFixed(2), "", pct(ageOfBackup), ""],
  ];
  const head = ["", "MB/s", "median s", "runs s", "ratio", "peak RSS MB"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const peak = Math.max(...["s3-tls", "s3-http", "sftp", "plain", "age"].map((k) => peakKb[k] / 1024));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  console.log(
    `aims: S3 ratio ${s3Ratio.toFixed(2)} ≥ 0.80 ${s3Ratio >= 0.8 ? "met" : "NOT met"} (over http: ${s3HttpRatio.toFixed(2)}); ` +
      `SFTP ratio against put -f ${sftpFsyncRatio.toFixed(2)} ≥ 0.80 ${sftpFsyncRatio >= 0.8 ? "met" : "NOT met"} (against plain put: ${sftpRatio.toFixed(2)}); ` +
      `peak RSS ${peak.toFixed(0)} MB < 250 ${peak < 250 ? "met" : "NOT met"}; ` +
      `encryption adds ${(ageOfBackup * 100).toFixed(0)} % to a local backup and its copy ≤ 15 % ${ageOfBackup <= 0.15 ? "met" : "NOT met"} (to a bare file copy: ${pct(ageCost)})\n` +
      "S3 is Ceph's radosgw on loopback (test/servers/rgw.ts), over TLS as offsite S3 is reached, and over http. Lifeboat's times include connecting, " +
      "hashing the file (checked against the run's sha256), a CRC-32 per part (over http also each part's signed sha256, which radosgw checks) and reading back the stored size; " +
      "curl sends one unsigned PUT. The SFTP copy fsyncs before its rename, so its baseline is put -f, which fsyncs too (as the archive bench's baseline ends with sync); " +
      "plain put leaves up to a GB in the page cache, and the gap between the two baselines is what that flush costs on this disk.",
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
