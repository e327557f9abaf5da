/**
 * Bench part "offsite-copy": copying a BENCH_OFFSITE_MB (default 1024) MB artifact to the loopback
 * S3 server (s3rver behind the SigV4 front) and the sshd fixture with Lifeboat's backends, against
 * the plain tools on the same file and the same servers:
 *   S3:   `curl -T FILE --aws-sigv4 …` (one signed PUT; curl signs it itself, so no presigning)
 *   SFTP: `sftp -b BATCH` with `put FILE`
 * and the cost of age encryption on a local write (the same file into a local folder location,
 * with and without `age -r`). The aim, "encryption adds ≤ 15 % to a local backup's time",
 * is measured as: a local backup of the same file (a folder target through the real runner, zstd
 * -3, sha256, fsync) followed by its copy into a local folder location, encrypted vs plain: the
 * extra seconds age costs ÷ the time of that backup and its plain copy. The raw-copy ratio (age
 * vs a plain file copy, where age is the only work) is printed beside it. Prints MB/s, ratios and
 * Lifeboat's peak RSS. Aims: ≥ 0.8× the plain tool, peak RSS < 250 MB, encryption adds ≤ 15 %.
 * BENCH_REPEAT (default 1) best-of runs.
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
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));

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

function lifeboat(child: string, job: Record<string, unknown>): ChildResult {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-offsite-run-"));
  const r = spawnSync(process.execPath, [child, JSON.stringify(job)], { cwd: root, env: { ...process.env, LIFEBOAT_DATA_DIR: data, LIFEBOAT_SCHEDULER: "off" }, encoding: "utf8" });
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
  return { info: JSON.parse(line), stop: () => new Promise((r) => (child.once("exit", r), child.stdin!.end())) };
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
  const { s3, ssh } = servers.info;
  console.log(`file: ${mb} MB (${file}); load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  execFileSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] }); // page cache warm for every side

  const knownHosts = path.join(work, "known_hosts");
  fs.writeFileSync(knownHosts, `${ssh.knownHostsLine}\n`);
  const batch = path.join(work, "batch");
  fs.writeFileSync(batch, `put ${file} ${ssh.dir}/baseline.bin\n`);
  const identity = execFileSync("age-keygen", [], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const recipient = /^# public key: (age1\S+)$/m.exec(identity)![1];

  let backupSeconds = Infinity;
  let backupRssKb = 0;
  const best = { curl: Infinity, s3: null as ChildResult | null, sftpCli: Infinity, sftp: null as ChildResult | null, plain: null as ChildResult | null, age: null as ChildResult | null };
  const keep = (k: "s3" | "sftp" | "plain" | "age", r: ChildResult) => {
    const had = best[k];
    best[k] = !had || r.seconds < had.seconds ? { ...r, maxRssKb: Math.max(r.maxRssKb, had?.maxRssKb ?? 0) } : { ...had, maxRssKb: Math.max(r.maxRssKb, had.maxRssKb) };
  };
  const clearS3 = () => fs.rmSync(path.join(s3.dir, s3.bucket, "copies"), { recursive: true, force: true });
  for (let i = 0; i < repeat; i++) {
    best.curl = Math.min(best.curl, timed("curl", ["-sS", "-f", "-o", "/dev/null", "--aws-sigv4", `aws:amz:${s3.region}:s3`, "--user", `${s3.accessKeyId}:${s3.secretAccessKey}`, "-T", file, `${s3.endpoint}/${s3.bucket}/copies/curl.bin`]));
    clearS3();
    keep("s3", lifeboat(copyChild, { kind: "s3", settings: { ...s3.settings, prefix: "copies" }, file, key: "lifeboat.bin" }));
    clearS3();
    best.sftpCli = Math.min(best.sftpCli, timed("sftp", ["-q", "-b", batch, "-i", ssh.privateKeyPath, "-o", `UserKnownHostsFile=${knownHosts}`, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-P", String(ssh.port), `${ssh.user}@${ssh.host}`]));
    fs.rmSync(path.join(ssh.dir, "baseline.bin"), { force: true });
    const sftpSettings = { host: ssh.host, port: ssh.port, username: ssh.user, privateKey: ssh.privateKey, hostKeyFingerprint: ssh.hostKeyFingerprint, path: path.join(ssh.dir, "copies") };
    keep("sftp", lifeboat(copyChild, { kind: "sftp", settings: sftpSettings, file, key: "lifeboat.bin" }));
    fs.rmSync(path.join(ssh.dir, "copies"), { recursive: true, force: true });
    keep("plain", lifeboat(copyChild, { kind: "local", settings: { path: path.join(work, "local") }, file, key: "plain.bin" }));
    fs.rmSync(path.join(work, "local"), { recursive: true, force: true });
    keep("age", lifeboat(copyChild, { kind: "local", settings: { path: path.join(work, "local") }, file, key: "plain.bin.age", age: recipient }));
    fs.rmSync(path.join(work, "local"), { recursive: true, force: true });
    const b = backupRun(backupChild, backupSrc, path.join(work, "backup-out"));
    backupSeconds = Math.min(backupSeconds, b.seconds);
    backupRssKb = Math.max(backupRssKb, b.maxRssKb);
    fs.rmSync(path.join(work, "backup-out"), { recursive: true, force: true });
  }
  await servers.stop();

  const MB = mb;
  const rss = (r: ChildResult) => (r.maxRssKb / 1024).toFixed(0);
  const s3Ratio = best.curl / best.s3!.seconds;
  const sftpRatio = best.sftpCli / best.sftp!.seconds;
  const ageCost = best.age!.seconds / best.plain!.seconds - 1;
  // What a user waits for: the backup, then its copy; age changes only the copy's part.
  const ageOfBackup = (best.age!.seconds - best.plain!.seconds) / (backupSeconds + best.plain!.seconds);
  const rows = [
    ["S3   baseline: curl -T --aws-sigv4 (one PUT)", (MB / best.curl).toFixed(0), best.curl.toFixed(2), "", ""],
    ["S3   Lifeboat (multipart, 3 × 8 MiB parts)", (MB / best.s3!.seconds).toFixed(0), best.s3!.seconds.toFixed(2), s3Ratio.toFixed(2), rss(best.s3!)],
    ["SFTP baseline: sftp -b (put)", (MB / best.sftpCli).toFixed(0), best.sftpCli.toFixed(2), "", ""],
    ["SFTP Lifeboat (ssh2, .partial + rename)", (MB / best.sftp!.seconds).toFixed(0), best.sftp!.seconds.toFixed(2), sftpRatio.toFixed(2), rss(best.sftp!)],
    ["local Lifeboat, plain", (MB / best.plain!.seconds).toFixed(0), best.plain!.seconds.toFixed(2), "", rss(best.plain!)],
    ["local Lifeboat, age -r", (MB / best.age!.seconds).toFixed(0), best.age!.seconds.toFixed(2), pct(ageCost), rss(best.age!)],
    ["local backup of the file (folder target, zstd -3)", (MB / backupSeconds).toFixed(0), backupSeconds.toFixed(2), "", (backupRssKb / 1024).toFixed(0)],
    ["backup + encrypted copy vs + plain copy", "", (backupSeconds + best.age!.seconds).toFixed(2), pct(ageOfBackup), ""],
  ];
  const head = ["", "MB/s", "seconds", "ratio", "peak RSS MB"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const peak = Math.max(...[best.s3!, best.sftp!, best.plain!, best.age!].map((r) => r.maxRssKb / 1024));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  console.log(
    `aims: S3 ratio ${s3Ratio.toFixed(2)} ≥ 0.80 ${s3Ratio >= 0.8 ? "met" : "NOT met"}; SFTP ratio ${sftpRatio.toFixed(2)} ≥ 0.80 ${sftpRatio >= 0.8 ? "met" : "NOT met"}; ` +
      `peak RSS ${peak.toFixed(0)} MB < 250 ${peak < 250 ? "met" : "NOT met"}; ` +
      `encryption adds ${(ageOfBackup * 100).toFixed(0)} % to a local backup and its copy ≤ 15 % ${ageOfBackup <= 0.15 ? "met" : "NOT met"} (to a bare file copy: ${pct(ageCost)})\n` +
      "Lifeboat's times include connecting, the size/sha256 checks and reading back the stored size. s3rver completes a multipart upload by copying the parts into one file (a second pass over the bytes that real S3 does not make), which curl's single PUT never pays.",
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
