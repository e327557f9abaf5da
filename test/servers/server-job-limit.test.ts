import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { makeTarget, script, tmpDir } from "@/test/backup/fixtures";
import { userActor } from "@/test/restore/testing";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { createServer } from "@/lib/services/servers/create";
import { updateServer } from "@/lib/services/servers/update";
import { updateSettings } from "@/lib/services/settings/settings";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { startSshd, type SshdServer } from "./sshd";

// A server's job limit (issue 17, `maxParallel`): backups of targets on that server wait in the
// queue while the server runs its limit, even when the console has slots free. Each backup is a
// script on the server that waits for a "go" file, so the first one is provably still running
// when the second is looked at.
let sshd: SshdServer;
let serverId: number;
const admin = () => userActor("admin");
const status = (id: number) => getDb().select({ s: runs.status }).from(runs).where(eq(runs.id, id)).get()!.s;

async function until(what: string, ok: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("per-server job limit", () => {
  beforeAll(async () => {
    sshd = await startSshd();
    serverId = createServer(admin(), { name: "one-at-a-time", host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, maxParallel: 1 }).id!;
    updateSettings(admin(), { maxParallelRuns: 4 });
  });
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
  });

  it("a server with maxParallel 1 runs one backup at a time; Local targets are not held back by it", async () => {
    const op = userActor("operator");
    const dir = tmpDir("lb-limit-");
    const go = path.join(dir, "go");
    const wait = script(dir, "wait.sh", `echo "$LIFEBOAT_TARGET" >> ${path.join(dir, "started")}; while [ ! -e ${go} ]; do sleep 0.05; done; echo done > "$LIFEBOAT_OUTPUT_FILE"`);
    const store = tmpDir("lb-limit-store-");
    const a = makeTarget({ type: "script", source: { command: wait }, serverId, storageRoot: store });
    const b = makeTarget({ type: "script", source: { command: wait }, serverId, storageRoot: store });
    const local = makeTarget({ type: "script", source: { command: script(dir, "local.sh", 'echo here > "$LIFEBOAT_OUTPUT_FILE"') }, storageRoot: store });
    const ra = enqueueRun(op, a.id).id;
    await until("the first backup running on the server", () => fs.existsSync(path.join(dir, "started")));
    const rb = enqueueRun(op, b.id).id;
    // Picking is synchronous in enqueueRun: without the limit the second would be claimed already.
    expect(status(rb)).toBe("queued");
    // A Local target runs meanwhile (the console has slots free).
    const rl = enqueueRun(op, local.id).id;
    expect((await waitForRun(rl, 30_000)).status).toBe("success");
    expect(status(rb)).toBe("queued");
    expect(fs.readFileSync(path.join(dir, "started"), "utf8").trim().split("\n")).toEqual([a.name]);

    fs.writeFileSync(go, "");
    const first = await waitForRun(ra, 30_000);
    const second = await waitForRun(rb, 30_000);
    expect([first.status, second.status]).toEqual(["success", "success"]);
    expect(second.startedAt!.getTime()).toBeGreaterThanOrEqual(first.finishedAt!.getTime());

    // Raised to 2: two run side by side.
    updateServer(admin(), { id: serverId, maxParallel: 2 });
    fs.rmSync(go);
    fs.rmSync(path.join(dir, "started"));
    const r1 = enqueueRun(op, a.id).id;
    const r2 = enqueueRun(op, b.id).id;
    await until("both backups running on the server", () => fs.existsSync(path.join(dir, "started")) && fs.readFileSync(path.join(dir, "started"), "utf8").trim().split("\n").length === 2);
    fs.writeFileSync(go, "");
    expect((await waitForRun(r1, 30_000)).status).toBe("success");
    expect((await waitForRun(r2, 30_000)).status).toBe("success");
  });
});
