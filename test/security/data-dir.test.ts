// Issue 10 item 4: a backup of the console's own data directory read lifeboat.db, -wal and -shm
// outside SQLite; closing them dropped the console's locks and the WAL went, with the writes in
// it. No target may hold, be, or lie inside the data directory: refused at save (beside the
// field), before each run (the data directory may move), and as a restore destination.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { updateSettings } from "@/lib/services/settings/settings";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { resolveDestination } from "@/lib/engine/restore/destination";
import { makeTarget, operator, tmpDir } from "@/test/backup/fixtures";

// A data directory of its own inside a small folder, so that "the folder holding it" is small.
const home = fs.mkdtempSync(path.join(os.tmpdir(), "lb-home-"));
const dataDir = path.join(home, "data");
let appId = 0;

beforeAll(() => {
  process.env.LIFEBOAT_DATA_DIR = dataDir;
  resetEnvForTests();
  appId = createApp(ADMIN_CLI, { name: "self" }).id;
  fs.mkdirSync(path.join(dataDir, "logs"), { recursive: true });
  fs.symlinkSync(dataDir, path.join(home, "link-to-data"));
});

function refusal(input: Record<string, unknown>): Record<string, string> {
  try {
    createTarget(ADMIN_CLI, { appId, name: `t${Math.random().toString(36).slice(2, 8)}`, ...input } as Parameters<typeof createTarget>[1]);
  } catch (e) {
    return (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
  }
  return {};
}

describe("saving a target", () => {
  it.each([
    ["the data directory itself", () => dataDir, /is Lifeboat's own data directory/],
    ["a folder that contains it", () => home, /contains Lifeboat's own data directory/],
    ["a folder inside it", () => path.join(dataDir, "logs"), /is inside Lifeboat's own data directory/],
    ["a symlink to it", () => path.join(home, "link-to-data"), /is Lifeboat's own data directory/],
  ])("refuses a folder target on %s", (_what, where, message) => {
    expect(refusal({ type: "filesystem", source: { path: where() } })["source.path"]).toMatch(message);
  });

  it("refuses a SQLite target on Lifeboat's own database", () => {
    expect(refusal({ type: "sqlite", source: { path: path.join(dataDir, "lifeboat.db") } })["source.path"]).toMatch(/inside Lifeboat's own data directory/);
  });

  it("refuses a storage folder that is or holds the data directory; data/backups stays allowed", () => {
    const other = tmpDir("lb-src-");
    expect(refusal({ type: "filesystem", source: { path: other }, storageRoot: home }).storageRoot).toMatch(/contains Lifeboat's own data directory/);
    expect(refusal({ type: "filesystem", source: { path: other }, storageRoot: dataDir }).storageRoot).toMatch(/is Lifeboat's own data directory/);
    expect(refusal({ type: "filesystem", source: { path: other }, storageRoot: path.join(dataDir, "backups") })).toEqual({});
    expect(() => updateSettings(ADMIN_CLI, { defaultStorageDir: home })).toThrow(/contains Lifeboat's own data directory/);
  });
});

describe("running a target saved before the check", () => {
  it("fails before reading anything, and writes no artifact", async () => {
    const storage = tmpDir("lb-store-");
    fs.writeFileSync(path.join(home, "notes.txt"), "a file beside the data directory\n");
    const t = makeTarget({ type: "filesystem", source: { path: home }, storageRoot: storage }, "self");
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/contains Lifeboat's own data directory/);
    expect(run.artifactPath).toBeNull();
    expect(fs.readdirSync(storage, { recursive: true }).filter((f) => String(f).includes(".tar"))).toEqual([]);
  });
});

describe("restoring", () => {
  it("refuses the original folder of such a target as the destination", () => {
    const t = makeTarget({ type: "filesystem", source: { path: home } }, "self");
    expect(() => resolveDestination(t, t.source as Record<string, unknown>, { mode: "original" } as never)).toThrow(/data folder/);
  });
});
