import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../../test/api/testing";
import { ADMIN_CLI, seedApi } from "../../test/api/fixtures";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import { getDb } from "../db/client";
import { runs } from "../db/schema";
import { eq } from "drizzle-orm";
import { backupNow } from "../../test/restore/testing";
import { artifactFileOf } from "../engine/restore/paths";
import { listOrphans } from "../services/storage/orphans";
import { createTarget } from "../services/targets/create";

let s: ReturnType<typeof seedApi>;
beforeAll(() => {
  s = seedApi();
});

const del = (id: number, token: string, query = "") =>
  call(targetRoute.DELETE, "DELETE", `/api/v1/targets/${id}${query}`, { token, params: { id: String(id) } });

describe("DELETE /api/v1/targets/{id}", () => {
  it("409 while a backup of the target is queued or running, naming the run", async () => {
    const t = createTarget(ADMIN_CLI, { appId: s.beta.id, name: "busy", type: "external", source: {} });
    const run = getDb().insert(runs).values({ targetId: t.id, trigger: "manual", status: "queued", queuedAt: new Date() }).returning().get();
    const res = await del(t.id, s.tokens.admin);
    expect(res.status).toBe(409);
    const body = await documented<{ error: { code: string; message: string } }>(res, "/api/v1/targets/{id}", "delete");
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toContain(`run #${run.id} (queued)`);
    getDb().update(runs).set({ status: "cancelled" }).where(eq(runs.id, run.id)).run();
    expect((await del(t.id, s.tokens.admin)).status).toBe(204);
  });

  it("keeps the files by default (listed as not belonging to any target); ?deleteArtifacts=true deletes them", async () => {
    const kept = createTarget(ADMIN_CLI, { appId: s.alpha.id, name: "keepme", type: "filesystem", source: { path: s.folder } });
    const keptRun = await backupNow(ADMIN_CLI, kept.id);
    expect((await del(kept.id, s.tokens.admin)).status).toBe(204);
    expect(fs.existsSync(artifactFileOf(keptRun))).toBe(true);
    expect(listOrphans(ADMIN_CLI).some((o) => o.runId === keptRun.id)).toBe(true);

    const gone = createTarget(ADMIN_CLI, { appId: s.alpha.id, name: "dropme", type: "filesystem", source: { path: s.folder } });
    const goneRun = await backupNow(ADMIN_CLI, gone.id);
    const bad = await del(gone.id, s.tokens.admin, "?deleteArtifacts=maybe");
    expect(bad.status).toBe(400);
    expect((await documented<{ error: { message: string } }>(bad, "/api/v1/targets/{id}", "delete")).error.message).toContain("deleteArtifacts");
    expect((await del(gone.id, s.tokens.admin, "?deleteArtifacts=true")).status).toBe(204);
    expect(fs.existsSync(artifactFileOf(goneRun))).toBe(false);
    expect(listOrphans(ADMIN_CLI).some((o) => o.runId === goneRun.id)).toBe(false);
  });

  it("documents the flag and the 409", async () => {
    const { openApiDocument } = await import("./openapi");
    const op = (openApiDocument() as unknown as { paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, unknown> }>> }).paths["/api/v1/targets/{id}"].delete;
    expect(op.parameters.map((p) => p.name)).toContain("deleteArtifacts");
    expect(Object.keys(op.responses)).toContain("409");
  });
});
