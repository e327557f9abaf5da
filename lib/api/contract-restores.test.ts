import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call, documented } from "../../test/api/testing";
import { seedApi, ADMIN_CLI } from "../../test/api/fixtures";
import * as previewRoute from "@/app/api/v1/runs/[id]/restore/preview/route";
import * as restoreRoute from "@/app/api/v1/runs/[id]/restore/route";
import * as verifyRoute from "@/app/api/v1/runs/[id]/verify/route";
import * as restoreGetRoute from "@/app/api/v1/restores/[id]/route";
import * as cancelRoute from "@/app/api/v1/restores/[id]/cancel/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import { enqueueRun } from "../services/runs/trigger";
import { waitForRun } from "../engine/runs/wait";
import { getDb } from "../db/client";
import { auditLog, runs } from "../db/schema";
import { createTarget } from "../services/targets/create";
import { makeArtifactRun } from "../../test/scheduler/fixtures";
import type { ApiRestore, ApiRestorePreview } from "./restore-shape";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, string> } };

let s: ReturnType<typeof seedApi>;
let firstRun: number;
beforeAll(async () => {
  s = seedApi();
  const { id } = enqueueRun(ADMIN_CLI, s.alphaFiles.id);
  const run = await waitForRun(id, 60_000);
  expect(run.status).toBe("success");
  firstRun = id;
});

const idCall = (handler: unknown, method: string, url: string, id: number, token: string, body?: unknown) =>
  call(handler, method, url.replace("{id}", String(id)), { token, params: { id: String(id) }, body });
const preview = (token: string, runId: number, body: unknown = {}) => idCall(previewRoute.POST, "POST", "/api/v1/runs/{id}/restore/preview", runId, token, body);
const restore = (token: string, runId: number, body: unknown) => idCall(restoreRoute.POST, "POST", "/api/v1/runs/{id}/restore", runId, token, body);
const getRestore = async (token: string, id: number) =>
  (await documented<{ restore: ApiRestore }>(await idCall(restoreGetRoute.GET, "GET", "/api/v1/restores/{id}", id, token), "/api/v1/restores/{id}", "get")).restore;

async function untilRestore(id: number, done: (r: ApiRestore) => boolean, timeoutMs = 60_000): Promise<ApiRestore> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await getRestore(s.tokens.viewer, id);
    if (done(r)) return r;
    if (Date.now() > deadline) throw new Error(`restore ${id} still ${r.status}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
const ended = (r: ApiRestore) => r.status !== "queued" && r.status !== "running";
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe("API v1 restore preview", () => {
  it("previews a run for an operator: manifest, contents, destination, space, no warnings", async () => {
    const res = await preview(s.tokens.operator, firstRun);
    expect(res.status).toBe(200);
    const { preview: p } = await documented<{ preview: ApiRestorePreview }>(res, "/api/v1/runs/{id}/restore/preview", "post");
    expect(p.manifest).toMatchObject({ format: "lifeboat-artifact", app: "alpha", target: "files", type: "filesystem" });
    expect(p.contents).toMatchObject({ kind: "folder", fileCount: 1, totalBytes: 6 });
    expect(p.destination).toMatchObject({ original: true, safetyBackup: true, error: null, label: `${s.folder} (the original)` });
    expect(p.destination.state).toMatchObject({ exists: true, empty: false, fileCount: 1 });
    expect(p.neededBytes).toBeGreaterThan(0);
    expect(p.freeBytes).toBeGreaterThan(0);
    expect(p.warnings).toEqual([]);
  });

  it("warns about a destination that holds data or is not an absolute path, and refuses malformed destinations (400)", async () => {
    const full = tmp("lb-api-full-");
    fs.writeFileSync(path.join(full, "x"), "x");
    const busy = await documented<{ preview: ApiRestorePreview }>(await preview(s.tokens.operator, firstRun, { destination: { path: full } }), "/api/v1/runs/{id}/restore/preview", "post");
    expect(busy.preview.destination.original).toBe(false);
    expect(busy.preview.warnings.join("\n")).toMatch(/already holds data/);
    const rel = await documented<{ preview: ApiRestorePreview }>(await preview(s.tokens.operator, firstRun, { destination: { path: "relative/dir" } }), "/api/v1/runs/{id}/restore/preview", "post");
    expect(rel.preview.warnings.join("\n")).toMatch(/absolute path/);

    for (const destination of [{ path: "/a", database: "b" }, { folder: "/a" }, { path: "/a", deleteExtra: true }]) {
      const bad = await preview(s.tokens.operator, firstRun, { destination });
      expect(bad.status, JSON.stringify(destination)).toBe(400);
      expect((await documented<ErrorBody>(bad, "/api/v1/runs/{id}/restore/preview", "post")).error.message).toMatch(/destination/);
    }
  });

  it("is an operator's (viewer 403), 404 for an unknown run or one outside a token's apps", async () => {
    const viewer = await preview(s.tokens.viewer, firstRun);
    expect(viewer.status).toBe(403);
    await documented(viewer, "/api/v1/runs/{id}/restore/preview", "post");
    const missing = await preview(s.tokens.operator, 999_999);
    expect(missing.status).toBe(404);
    await documented(missing, "/api/v1/runs/{id}/restore/preview", "post");
  });
});

describe("API v1 restores", () => {
  it("restores into an alternate folder (202), then GET /restores/{id} follows it to success", async () => {
    const wrong = await restore(s.tokens.operator, firstRun, { confirm: "nope" });
    expect(wrong.status).toBe(400);
    const wrongBody = await documented<ErrorBody>(wrong, "/api/v1/runs/{id}/restore", "post");
    expect(wrongBody.error.details?.confirm).toMatch(/files/);
    const noConfirm = await restore(s.tokens.operator, firstRun, {});
    expect(noConfirm.status).toBe(400);
    expect((await noConfirm.json()).error.details.confirm).toBeTruthy();

    const dest = path.join(tmp("lb-api-alt-"), "restored");
    const res = await restore(s.tokens.operator, firstRun, { confirm: "files", destination: { path: dest } });
    expect(res.status).toBe(202);
    const started = await documented<{ restore: { id: number; status: string } }>(res, "/api/v1/runs/{id}/restore", "post");
    expect(Object.keys(started.restore).sort()).toEqual(["id", "status"]);
    const done = await untilRestore(started.restore.id, ended);
    expect(done).toMatchObject({ id: started.restore.id, runId: firstRun, targetId: s.alphaFiles.id, status: "success", safetyRunId: null, error: null });
    expect(Object.keys(done).sort()).toEqual(["error", "finishedAt", "id", "runId", "safetyRunId", "startedAt", "status", "targetId"]);
    expect(fs.readFileSync(path.join(dest, "hello.txt"), "utf8")).toBe("hello\n");

    const again = await restore(s.tokens.operator, firstRun, { confirm: "files", destination: { path: dest } });
    expect(again.status).toBe(400);
    expect((await documented<ErrorBody>(again, "/api/v1/runs/{id}/restore", "post")).error.message).toMatch(/already holds data/);
  });

  it("only an admin may override the safety backup (operator 403); viewers 403; unknown restores 404", async () => {
    const op = await restore(s.tokens.operator, firstRun, { confirm: "files", overrideSafety: true });
    expect(op.status).toBe(403);
    expect((await documented<ErrorBody>(op, "/api/v1/runs/{id}/restore", "post")).error.message).toMatch(/Only an admin/);
    expect((await restore(s.tokens.viewer, firstRun, { confirm: "files" })).status).toBe(403);
    const missing = await idCall(restoreGetRoute.GET, "GET", "/api/v1/restores/{id}", 999_999, s.tokens.viewer);
    expect(missing.status).toBe(404);
    await documented(missing, "/api/v1/restores/{id}", "get");
  });

  it("verify runs a test restore (202, the full restore) and records the result on the run", async () => {
    const res = await idCall(verifyRoute.POST, "POST", "/api/v1/runs/{id}/verify", firstRun, s.tokens.operator);
    expect(res.status).toBe(202);
    const { restore: r } = await documented<{ restore: ApiRestore }>(res, "/api/v1/runs/{id}/verify", "post");
    expect(r).toMatchObject({ runId: firstRun, targetId: s.alphaFiles.id });
    expect(await untilRestore(r.id, ended)).toMatchObject({ status: "success", error: null });
    expect(getDb().select().from(runs).where(eq(runs.id, firstRun)).get()!.verifyStatus).toBe("restore-verified");
    const viewer = await idCall(verifyRoute.POST, "POST", "/api/v1/runs/{id}/verify", firstRun, s.tokens.viewer);
    expect(viewer.status).toBe(403);
    await documented(viewer, "/api/v1/runs/{id}/verify", "post");
  });

  it("cancel during the safety backup kills it: the restore ends cancelled, nothing changed; a second cancel is 409", async () => {
    // A folder target whose pre-hook takes a minute: its safety backup is slow enough to cancel.
    const src = tmp("lb-api-cancel-src-");
    fs.writeFileSync(path.join(src, "data.txt"), "before\n");
    const hook = path.join(tmp("lb-api-hook-"), "slow-hook.sh");
    fs.writeFileSync(hook, "#!/bin/sh\nif [ -f \"$0.go\" ]; then sleep 60; fi\n");
    fs.chmodSync(hook, 0o755);
    const t = createTarget(ADMIN_CLI, { appId: s.alpha.id, name: "slow", type: "filesystem", source: { path: src }, preHook: hook });
    const base = await waitForRun(enqueueRun(ADMIN_CLI, t.id).id, 60_000);
    expect(base.status).toBe("success");
    fs.writeFileSync(`${hook}.go`, "");
    fs.writeFileSync(path.join(src, "data.txt"), "after\n");

    const started = await documented<{ restore: { id: number } }>(await restore(s.tokens.operator, base.id, { confirm: "slow" }), "/api/v1/runs/{id}/restore", "post");
    const id = started.restore.id;
    const running = await untilRestore(id, (r) => r.safetyRunId !== null);
    const safetyRun = () => getDb().select().from(runs).where(eq(runs.id, running.safetyRunId!)).get()!;
    const deadline = Date.now() + 30_000;
    while (safetyRun().status !== "running" && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));

    const viewer = await idCall(cancelRoute.POST, "POST", "/api/v1/restores/{id}/cancel", id, s.tokens.viewer);
    expect(viewer.status).toBe(403);
    await documented(viewer, "/api/v1/restores/{id}/cancel", "post");

    const t0 = Date.now();
    const res = await idCall(cancelRoute.POST, "POST", "/api/v1/restores/{id}/cancel", id, s.tokens.operator);
    expect(res.status).toBe(200);
    const { restore: r } = await documented<{ restore: ApiRestore }>(res, "/api/v1/restores/{id}/cancel", "post");
    expect(Date.now() - t0).toBeLessThan(20_000); // well before the hook's 60 s
    expect(r.status).toBe("cancelled");
    expect(r.error).toMatch(/^Cancelled by token:operator\. Nothing was changed\./);
    expect(safetyRun().status).toBe("cancelled");
    expect(fs.readFileSync(path.join(src, "data.txt"), "utf8")).toBe("after\n");
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "restore.cancel")).all().map((a) => a.entityId)).toContain(String(id));

    const again = await idCall(cancelRoute.POST, "POST", "/api/v1/restores/{id}/cancel", id, s.tokens.operator);
    expect(again.status).toBe(409);
    expect((await documented<ErrorBody>(again, "/api/v1/restores/{id}/cancel", "post")).error.message).toMatch(/already ended \(cancelled\)/);
    fs.rmSync(`${hook}.go`);
  });
});

describe("API v1 DELETE /runs/{id}: delete an artifact", () => {
  it("deletes an older artifact and its .sha256 (204), keeps the row as deleted, audits; refuses the newest successful, a pinned one, a second time", async () => {
    const older = await waitForRun(enqueueRun(ADMIN_CLI, s.alphaFiles.id).id, 60_000);
    const pinned = await waitForRun(enqueueRun(ADMIN_CLI, s.alphaFiles.id).id, 60_000);
    const newest = await waitForRun(enqueueRun(ADMIN_CLI, s.alphaFiles.id).id, 60_000);
    getDb().update(runs).set({ pinned: true }).where(eq(runs.id, pinned.id)).run();
    const file = path.join(older.storageRoot!, older.artifactPath!);
    expect(fs.existsSync(file) && fs.existsSync(`${file}.sha256`)).toBe(true);
    const del = (token: string, id: number) => idCall(runRoute.DELETE, "DELETE", "/api/v1/runs/{id}", id, token);

    const op = await del(s.tokens.operator, older.id);
    expect(op.status).toBe(403);
    await documented(op, "/api/v1/runs/{id}", "delete");

    expect((await del(s.tokens.admin, older.id)).status).toBe(204);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.sha256`)).toBe(false);
    expect(getDb().select().from(runs).where(eq(runs.id, older.id)).get()).toMatchObject({ artifactState: "deleted", status: "success" });
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "artifact.delete")).all();
    expect(audit.map((a) => [a.entityId, a.actorLabel])).toEqual([[String(older.id), "token:admin"]]);

    for (const [id, message] of [
      [older.id, /no artifact to delete \(artifact deleted\)/],
      [newest.id, /newest successful/],
      [pinned.id, /pinned/],
    ] as const) {
      const res = await del(s.tokens.admin, id);
      expect(res.status, String(id)).toBe(409);
      expect((await documented<ErrorBody>(res, "/api/v1/runs/{id}", "delete")).error.message).toMatch(message);
    }
    expect(fs.existsSync(path.join(newest.storageRoot!, newest.artifactPath!))).toBe(true);
    // An upload newer than every backup neither protects itself nor exposes the newest real backup.
    const upload = makeArtifactRun(s.alphaFiles.id, tmp("lb-api-upload-"), new Date(Date.now() + 3600_000).toISOString(), { trigger: "upload" });
    expect((await del(s.tokens.admin, newest.id)).status).toBe(409);
    expect((await del(s.tokens.admin, upload.id)).status).toBe(204);
    expect(getDb().select().from(runs).where(eq(runs.id, upload.id)).get()!.artifactState).toBe("deleted");

    const missing = await del(s.tokens.admin, 999_999);
    expect(missing.status).toBe(404);
    await documented(missing, "/api/v1/runs/{id}", "delete");

    // A deleted artifact cannot be previewed or restored, and says why.
    const gone = await preview(s.tokens.operator, older.id);
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.message).toMatch(/an admin deleted it/);
  });
});
