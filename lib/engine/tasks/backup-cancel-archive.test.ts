import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { cancelRun } from "@/lib/services/runs/cancel";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { makeTarget, operator, tmpDir } from "@/test/backup/fixtures";

const filesUnder = (dir: string) => execFileSync("find", [dir, "-type", "f"]).toString().split("\n").filter(Boolean);
/** zstd processes started by this test process (the runner's compressor). */
const ourZstd = () => {
  try {
    return execFileSync("pgrep", ["-P", String(process.pid), "-x", "zstd"]).toString().trim();
  } catch {
    return "";
  }
};

async function waitFor(cond: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("cancel while zstd writes the artifact", () => {
  test("kills zstd, removes the .partial and ends the run cancelled", async () => {
    // A 64 GiB sparse file: reads as zeros (no disk used), long enough to cancel mid-archive.
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "small.txt"), "hello");
    const fd = fs.openSync(path.join(src, "huge.img"), "w");
    fs.ftruncateSync(fd, 64 * 2 ** 30);
    fs.closeSync(fd);
    const storage = tmpDir("lb-store-");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: storage, compression: "zstd" });
    const actor = operator();
    const { id } = enqueueRun(actor, t.id);
    // zstd is running and has the .partial open. (Not "has written to it": zstd -1 turns the
    // sparse zeros into a few bytes per block and flushes its output buffer only after several GB
    // of input, which took longer than the wait on a loaded machine.)
    await waitFor(() => ourZstd() !== "" && filesUnder(storage).some((f) => f.endsWith(".partial")));
    cancelRun(actor, id);
    const run = await waitForRun(id, 15_000);
    expect(run.status).toBe("cancelled");
    expect(filesUnder(storage)).toEqual([]);
    await waitFor(() => ourZstd() === "", 5_000);
  });
});
