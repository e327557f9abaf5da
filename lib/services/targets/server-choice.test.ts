import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../../test/api/testing";
import { seedApi } from "../../../test/api/fixtures";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import { ValidationError } from "../../errors";
import type { Actor } from "../../auth/actor";
import { createServer } from "../servers/create";
import { createTarget } from "./create";
import { updateTarget } from "./update";
import { targetTypeCatalog } from "./type-catalog";

// A server row is enough: nothing here connects (validation happens before any run).
const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----";
let s: ReturnType<typeof seedApi>;
let serverId: number;

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors;
    throw e;
  }
  throw new Error("expected a validation error");
}

beforeAll(() => {
  s = seedApi();
  serverId = createServer(admin, { name: "app-2", host: "192.0.2.10", username: "backup", privateKey: KEY }).id!;
});

describe("a target's server (issue 17)", () => {
  it("the catalog says which types run on other servers: folder, PostgreSQL, MariaDB, Redis, Docker volume, script", () => {
    expect(targetTypeCatalog().filter((t) => t.runsOnServers).map((t) => t.type).sort()).toEqual(["docker_volume", "filesystem", "mysql", "postgres", "redis", "script"]);
  });

  it("another server is refused beside the field for a type that runs on Local only", () => {
    const e = fieldErrors(() => createTarget(admin, { appId: s.alpha.id, name: "cache", type: "sqlite", source: { path: "/srv/app/data/app.db" }, serverId }));
    expect(e.serverId).toMatch(/^SQLite.* run on Local only; another server is for Folder.*PostgreSQL.*MySQL \/ MariaDB.*Redis.*script/i);
    // Local (null, "", "local") is always fine.
    for (const local of [null, "", "local"]) {
      const t = createTarget(admin, { appId: s.alpha.id, name: `cache-${String(local) || "empty"}`, type: "redis", source: { url: "redis://127.0.0.1:6379" }, serverId: local as never });
      expect(t.serverId).toBeNull();
    }
  });

  it("a folder on another server is not looked for on this machine; the restic engine is allowed there for types with a restic source", () => {
    const t = createTarget(admin, { appId: s.alpha.id, name: "remote-files", type: "filesystem", source: { path: "/srv/only-on-app-2" }, serverId });
    expect(t.serverId).toBe(serverId);
    const r = createTarget(admin, { appId: s.alpha.id, name: "remote-restic", type: "filesystem", source: { path: "/srv/x" }, serverId, engine: "restic" });
    expect(r).toMatchObject({ serverId, engine: "restic" });
    const pg = createTarget(admin, { appId: s.alpha.id, name: "remote-pg-restic", type: "postgres", source: { url: "postgresql://app@db.internal:5432/shop" }, serverId, engine: "restic" });
    expect(pg).toMatchObject({ serverId, engine: "restic" });
    expect(updateTarget(admin, { id: t.id, engine: "restic" })).toMatchObject({ engine: "restic" });
    // A script target has no restic source, on any server: the engine says so, not the server.
    const sc = fieldErrors(() => createTarget(admin, { appId: s.alpha.id, name: "remote-sc", type: "script", source: { command: "/usr/local/bin/dump" }, serverId, engine: "restic" }));
    expect(sc.engine).toMatch(/restic engine is for folders.*not script targets/);
    expect(sc.serverId).toBeUndefined();
    updateTarget(admin, { id: t.id, engine: "archive" });
    // Changing the type of a target on another server to a Local-only type needs the server changed too.
    expect(fieldErrors(() => updateTarget(admin, { id: t.id, type: "sqlite", source: { path: path.join(os.tmpdir(), "lb-app.db") } })).serverId).toMatch(/Local only/);
    const moved = updateTarget(admin, { id: t.id, type: "sqlite", source: { path: path.join(os.tmpdir(), "lb-app.db") }, serverId: null });
    expect(moved).toMatchObject({ type: "sqlite", serverId: null });
  });

  it("GET /api/v1/targets/{id} names the target's server (serverId + serverName), for a viewer too; Local for this machine", async () => {
    const t = createTarget(admin, { appId: s.alpha.id, name: "remote-pg", type: "postgres", source: { url: "postgresql://app@db.internal:5432/shop" }, serverId });
    const get = (id: number) => call(targetRoute.GET, "GET", `/api/v1/targets/${id}`, { token: s.tokens.viewer, params: { id: String(id) } });
    const res = await get(t.id);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { target: Record<string, unknown> }).target).toMatchObject({ id: t.id, serverId, serverName: "app-2" });
    const local = (await (await get(s.alphaExt.id)).json()) as { target: Record<string, unknown> };
    expect(local.target).toMatchObject({ serverId: null, serverName: "Local" });
  });

  it("the API answers 400 naming serverId (POST and PATCH)", async () => {
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", {
      token: s.tokens.admin,
      body: { appId: s.alpha.id, name: "sessions", type: "sqlite", source: { path: "/srv/app/data/sessions.db" }, serverId },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Record<string, string> } };
    expect(body.error.details.serverId).toMatch(/Local only/);
    const patch = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${s.alphaExt.id}`, { token: s.tokens.admin, params: { id: String(s.alphaExt.id) }, body: { serverId } });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { error: { details: Record<string, string> } }).error.details.serverId).toMatch(/External.*Local only|Local only/);
  });
});
