import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { readRunLog } from "@/lib/engine/process/log-read";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { makeTarget, operator, tmpDir, unpack, sha256sumCheck, listArchive } from "@/test/backup/fixtures";
import { statusSummary } from "@/lib/engine/status/status-summary";
import { loadTargetStatus } from "@/lib/engine/status/load-statuses";

function oddTree(): string {
  const root = tmpDir("lb-src-");
  fs.mkdirSync(path.join(root, "with space/ünïcødé 日本"), { recursive: true });
  fs.mkdirSync(path.join(root, "empty dir"));
  fs.writeFileSync(path.join(root, "with space/ünïcødé 日本/file ü.txt"), "héllo\n");
  fs.writeFileSync(path.join(root, "big.bin"), Buffer.alloc(3 * 1024 * 1024 + 17, 7));
  fs.writeFileSync(path.join(root, "skip.tmp"), "excluded");
  fs.mkdirSync(path.join(root, "cache"));
  fs.writeFileSync(path.join(root, "cache/x"), "excluded");
  fs.symlinkSync("with space/ünïcødé 日本/file ü.txt", path.join(root, "link to file"));
  fs.symlinkSync("/nonexistent/target", path.join(root, "dangling"));
  const long = "d".repeat(120);
  fs.mkdirSync(path.join(root, long));
  fs.writeFileSync(path.join(root, long, "n".repeat(120)), "long names");
  fs.chmodSync(path.join(root, "big.bin"), 0o600);
  return root;
}

/** A comparable listing of a tree: type, mode, size+sha256 or link target, per relative path. */
function treeFingerprint(root: string): string {
  return execFileSync("bash", [
    "-c",
    `cd "$1" && find . -mindepth 1 -printf '%P|%y|%m|%l\\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum`,
    "_",
    root,
  ]).toString();
}

describe("filesystem backup", () => {
  test("odd names, unicode, symlinks and empty folders round-trip byte for byte", async () => {
    const src = oddTree();
    const storage = tmpDir("lb-store-");
    const t = makeTarget({ type: "filesystem", source: { path: src, exclude: ["*.tmp", "cache"] }, storageRoot: storage });
    const { id } = enqueueRun(operator(), t.id);
    const run = await waitForRun(id, 30_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    expect(run.artifactState).toBe("present");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    expect(path.basename(file)).toMatch(new RegExp(`^shop-${t.name}-\\d{8}-\\d{6}-run${id}\\.tar\\.zst$`));
    expect(sha256sumCheck(file)).toContain(": OK");
    const names = listArchive(file);
    expect(names[0]).toBe("manifest.json");
    expect(names.at(-1)).toBe("summary.json");
    const out = unpack(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ format: "lifeboat-artifact", formatVersion: 1, runId: id, type: "filesystem", compression: "zstd" });
    expect(manifest.payload).toMatchObject({ name: "files/", fileCount: 5 });
    fs.rmSync(path.join(src, "skip.tmp"));
    fs.rmSync(path.join(src, "cache"), { recursive: true });
    expect(treeFingerprint(path.join(out, "files"))).toBe(treeFingerprint(src));
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ fileCount: 5, warnings: [] });
    const target = statusSummary(loadTargetStatus(t.id));
    expect(target).toMatchObject({ status: "ok", lastRunId: id, lastRunStatus: "success", lastSizeBytes: run.sizeBytes });
    expect(target.lastSuccessAt).not.toBeNull();
    expect(readRunLog(id, 0).text).toContain("artifact written");
    expect(readRunLog(id, 0).done).toBe(true);
  });
});
