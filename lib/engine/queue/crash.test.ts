import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { buildSync } from "esbuild";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { recoverInterruptedRuns } from "@/lib/engine/queue/recover";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";

function findFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe("a real crash mid-write", () => {
  test("SIGKILL while the artifact is written leaves only a .partial, which recovery removes", async () => {
    const src = tmpDir("lb-src-");
    const fd = fs.openSync(path.join(src, "big.bin"), "w");
    // Random bytes (gzip -9 crawls through them) so the write is still going when the test kills it.
    for (let i = 0; i < 200; i++) fs.writeSync(fd, crypto.randomBytes(1 << 20));
    fs.closeSync(fd);
    const storage = tmpDir("lb-store-");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: storage, compression: "gzip", meta: { compressionLevel: 9 } });
    // Inside the checkout so its imports resolve from node_modules.
    const bundle = path.resolve("node_modules/.cache", `lifeboat-crash-child-${process.pid}.mjs`);
    buildSync({ entryPoints: [path.resolve("test/backup/crash-child.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: bundle, logLevel: "error" });
    // Same data directory (same SQLite file) as this test process.
    const child = spawn(process.execPath, [bundle, String(t.id)], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    let exited = false;
    child.once("exit", () => (exited = true));
    try {
      const deadline = Date.now() + 30_000;
      let partial: string | undefined;
      while (!partial) {
        if (Date.now() > deadline || exited) throw new Error("the child never started writing");
        partial = findFiles(storage).find((f) => f.endsWith(".partial") && fs.statSync(path.join(storage, f)).size > 1 << 20);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill("SIGKILL");
      if (!exited) await new Promise((r) => child.once("exit", r));
    } finally {
      child.kill("SIGKILL");
      fs.rmSync(bundle, { force: true });
    }
    const left = findFiles(storage);
    expect(left.every((f) => f.endsWith(".partial"))).toBe(true);
    const run = getDb().select().from(runs).where(eq(runs.targetId, t.id)).get()!;
    expect(run.status).toBe("running");

    expect(recoverInterruptedRuns()).toContain(run.id);
    const after = getDb().select().from(runs).where(eq(runs.id, run.id)).get()!;
    expect(after.status).toBe("interrupted");
    expect(after.errorSummary).toMatch(/console restarted during the run.*removed \d+ unfinished file/);
    expect(after.artifactState).toBe("none");
    expect(findFiles(storage)).toEqual([]);
  });
});
