import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { cancelRun } from "@/lib/services/runs/cancel";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { makeTarget, operator, script, tmpDir, unpack, sha256sumCheck } from "@/test/backup/fixtures";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { statusSummary } from "@/lib/engine/status/status-summary";
import { loadTargetStatus } from "@/lib/engine/status/load-statuses";

const filesUnder = (dir: string) => execFileSync("find", [dir, "-type", "f"]).toString().split("\n").filter(Boolean);
const bin = tmpDir("lb-bin-");

async function waitFor(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("scripts and hooks", () => {
  test("a script's files become files/…, with LIFEBOAT_* in its environment", async () => {
    const cmd = script(bin, "ok.sh", `echo "backing up $LIFEBOAT_APP/$LIFEBOAT_TARGET run $LIFEBOAT_RUN_ID"\nprintf 'dump of %s' "$LIFEBOAT_TARGET" > "$LIFEBOAT_OUTPUT_FILE"\nmkdir -p "$LIFEBOAT_OUTPUT_DIR/sub" && echo extra > "$LIFEBOAT_OUTPUT_DIR/sub/extra.txt"\necho "to stderr" >&2`);
    const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    sha256sumCheck(file);
    const out = unpack(file);
    expect(fs.readFileSync(path.join(out, "files/backup"), "utf8")).toBe(`dump of ${t.name}`);
    expect(fs.readFileSync(path.join(out, "files/sub/extra.txt"), "utf8")).toBe("extra\n");
    const log = fs.readFileSync(run.logPath!, "utf8");
    expect(log).toContain(`backing up shop/${t.name} run ${run.id}`);
    expect(log).toContain("to stderr");
  });

  test("a failing script fails the run with its exit code and last stderr lines; nothing is kept", async () => {
    const storage = tmpDir("lb-store-");
    const cmd = script(bin, "fail.sh", `echo "partial" > "$LIFEBOAT_OUTPUT_FILE"\necho "noise" >&2\necho "FATAL: disk quota on source" >&2\nexit 3`);
    const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: storage });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.exitCode).toBe(3);
    expect(run.errorSummary).toMatch(/exit code 3.*FATAL: disk quota on source/);
    expect(filesUnder(storage)).toEqual([]);
    expect(statusSummary(loadTargetStatus(t.id))).toMatchObject({ status: "failed", lastRunStatus: "failed", lastSuccessAt: null, lastError: run.errorSummary });
    expect(getDb().select().from(events).where(eq(events.runId, run.id)).all().map((e) => e.type)).toEqual(["run.failed"]);
  });

  test("a script that writes nothing fails with a clear reason", async () => {
    const t = makeTarget({ type: "script", source: { command: script(bin, "empty.sh", "exit 0") }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/wrote no output.*LIFEBOAT_OUTPUT_FILE/);
  });

  test("a failing pre-hook fails the run before anything is written; the post-hook still runs with LIFEBOAT_STATUS", async () => {
    const storage = tmpDir("lb-store-");
    const marker = path.join(tmpDir(), "post");
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "a"), "a");
    const t = makeTarget({
      type: "filesystem",
      source: { path: src },
      storageRoot: storage,
      preHook: script(bin, "pre.sh", `echo "cannot stop the app" >&2; exit 1`),
      postHook: script(bin, "post.sh", `echo "$LIFEBOAT_STATUS $LIFEBOAT_TARGET" > ${marker}`),
    });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/pre-hook failed \(exit code 1\): cannot stop the app/);
    expect(filesUnder(storage)).toEqual([]);
    expect(fs.readFileSync(marker, "utf8")).toBe(`failed ${t.name}\n`);
  });

  test("a step that runs past the timeout is killed with its process tree and the run fails", async () => {
    const pidFile = path.join(tmpDir(), "child.pid");
    const cmd = script(bin, "slow.sh", `sleep 60 & echo $! > ${pidFile}\nwait`);
    const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: tmpDir("lb-store-"), timeoutSeconds: 1 });
    const started = Date.now();
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toBe("timed out after 1 s");
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  });

  test("cancel mid-run kills the tool and ends the run cancelled, with no artifact", async () => {
    const storage = tmpDir("lb-store-");
    const cmd = script(bin, "long.sh", `echo started; echo x > "$LIFEBOAT_OUTPUT_FILE"; sleep 60`);
    const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: storage });
    const actor = operator();
    const { id } = enqueueRun(actor, t.id);
    await waitFor(() => (fs.existsSync(path.join(process.env.LIFEBOAT_DATA_DIR!, "logs", `run-${id}.log`)) && fs.readFileSync(path.join(process.env.LIFEBOAT_DATA_DIR!, "logs", `run-${id}.log`), "utf8").includes("started")));
    cancelRun(actor, id);
    const run = await waitForRun(id, 10_000);
    expect(run.status).toBe("cancelled");
    expect(run.errorSummary).toBe(`cancelled by ${"email" in actor ? actor.email : ""}`);
    expect(filesUnder(storage)).toEqual([]);
  });
});

describe("sources that are not there", () => {
  test("a missing folder fails with 'Folder not found'", async () => {
    const t = makeTarget({ type: "filesystem", source: { path: "/no/such/folder" }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toBe("Folder not found: /no/such/folder");
  });

  test("docker_volume without a Docker engine says Docker is not available", async () => {
    const t = makeTarget({ type: "docker_volume", source: { volume: "shop_data" }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/^Docker is not available: .+/);
  });
});

describe("storage full (ENOSPC on a real 2 MiB tmpfs)", () => {
  const mnt = tmpDir("lb-tmpfs-");
  let mounted = false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt]);
    mounted = true;
  } catch {
    /* not root: the test below fails loudly rather than skipping */
  }
  afterAll(() => {
    if (mounted) execFileSync("umount", [mnt]);
  });

  test("the run fails with 'storage full' and the partial file is removed", async () => {
    expect(mounted, "mount -t tmpfs needs root").toBe(true);
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "random.bin"), crypto.randomBytes(5 * 1024 * 1024));
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: mnt });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/^storage full/);
    expect(filesUnder(mnt)).toEqual([]);
  });
});

describe("queue rules", () => {
  test("a second Back up now of the same target says it is already running", async () => {
    const cmd = script(bin, "wait.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"; sleep 1`);
    const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: tmpDir("lb-store-") });
    const a = operator();
    const first = enqueueRun(a, t.id);
    expect(() => enqueueRun(a, t.id)).toThrow(`A backup of shop/${t.name} is already running`);
    await waitForRun(first.id);
  });

  test("external targets and disabled targets are refused", () => {
    const ext = makeTarget({ type: "external", source: {} });
    expect(() => enqueueRun(operator(), ext.id)).toThrow(/external target/);
    const off = makeTarget({ type: "filesystem", source: { path: "/tmp" }, enabled: false });
    expect(() => enqueueRun(operator(), off.id)).toThrow(/is disabled/);
  });

  test("a viewer cannot trigger a run", () => {
    const t = makeTarget({ type: "filesystem", source: { path: "/tmp" } });
    expect(() => enqueueRun({ type: "user", id: 1, email: "v@x", role: "viewer" }, t.id)).toThrow(/does not allow/);
  });
});
