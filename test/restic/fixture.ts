/** Helpers for the restic engine tests: a real local repository in a temp folder. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateRepoPassword, initRepo, type ResticRepo } from "../../lib/engine/restic";

const created: string[] = [];

export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lifeboat-restic-${label}-`));
  created.push(dir);
  return dir;
}

/** Remove this file's temp folders (repositories, sources, restores): call from afterAll. */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A fresh repository (restic init takes 2–3.5 s: one per test file). */
export async function makeRepo(): Promise<ResticRepo & { dir: string }> {
  const dir = tempDir("repo");
  const repo = { location: path.join(dir, "repo"), password: generateRepoPassword(), cacheDir: path.join(dir, "cache"), dir };
  await initRepo(repo);
  return repo;
}

export function writeRandom(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, crypto.randomBytes(bytes));
}

/** Every file under `dir` (relative path → sha256), symlinks as "-> target". */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isSymbolicLink()) out[r] = `-> ${fs.readlinkSync(path.join(dir, r))}`;
      else out[r] = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, r))).digest("hex");
    }
  };
  walk("");
  return out;
}

export function dirBytes(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else n += fs.lstatSync(p).size;
    }
  };
  walk(dir);
  return n;
}
