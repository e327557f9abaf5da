import { beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../../test/api/testing";
import { seedApi } from "../../test/api/fixtures";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { getDb } from "../db/client";
import { auditLog, targets } from "../db/schema";
import { eq } from "drizzle-orm";

let s: ReturnType<typeof seedApi>;
beforeAll(() => {
  s = seedApi();
});

describe("API v1 authentication", () => {
  it.each([
    ["no token", null, /Missing API token/],
    ["an unknown token", "lb_not-a-real-token", /Invalid API token/],
    ["a revoked token", "revoked", /revoked/],
    ["an expired token", "expired", /expired/],
  ])("answers 401 with the error shape for %s", async (_what, token, message) => {
    const t = token === "revoked" || token === "expired" ? s.tokens[token] : token;
    const res = await call(appsRoute.GET, "GET", "/api/v1/apps", { token: t });
    expect(res.status).toBe(401);
    const body = await documented<{ error: { code: string; message: string } }>(res, "/api/v1/apps", "get");
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toMatch(message);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});

describe("API v1 apps", () => {
  it("lists apps for a viewer, scoped for an app-limited token", async () => {
    const all = await documented<{ apps: { name: string }[] }>(await call(appsRoute.GET, "GET", "/api/v1/apps", { token: s.tokens.viewer }), "/api/v1/apps", "get");
    expect(all.apps.map((a) => a.name)).toEqual(["alpha", "beta"]);
    const scoped = await documented<{ apps: { name: string }[] }>(await call(appsRoute.GET, "GET", "/api/v1/apps", { token: s.tokens.alphaOnly }), "/api/v1/apps", "get");
    expect(scoped.apps.map((a) => a.name)).toEqual(["alpha"]);
  });

  it("creates an app as admin (201), refuses lower roles (403), bad input (400 naming the field) and duplicates (409)", async () => {
    const created = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: s.tokens.admin, body: { name: "gamma", description: "third" } });
    expect(created.status).toBe(201);
    const body = await documented<{ app: { id: number; name: string } }>(created, "/api/v1/apps", "post");
    expect(body.app).toMatchObject({ name: "gamma", description: "third" });

    const op = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: s.tokens.operator, body: { name: "delta" } });
    expect(op.status).toBe(403);
    expect((await documented<{ error: { code: string } }>(op, "/api/v1/apps", "post")).error.code).toBe("forbidden");

    const bad = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: s.tokens.admin, body: { description: "no name" } });
    expect(bad.status).toBe(400);
    const badBody = await documented<{ error: { message: string; details: Record<string, string> } }>(bad, "/api/v1/apps", "post");
    expect(badBody.error.message).toMatch(/^name: /);
    expect(Object.keys(badBody.error.details)).toEqual(["name"]);

    const notJson = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: s.tokens.admin, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);

    const dup = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: s.tokens.admin, body: { name: "gamma" } });
    expect(dup.status).toBe(409);
    await documented(dup, "/api/v1/apps", "post");

    // Writes by token are audited with the token as the actor.
    const row = getDb().select().from(auditLog).where(eq(auditLog.action, "app.create")).all().find((r) => r.actorType === "token");
    expect(row?.actorLabel).toBe("token:admin");
  });
});

describe("API v1 targets", () => {
  it("lists targets in the contract shape, with the UI's status word", async () => {
    const res = await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer });
    expect(res.status).toBe(200);
    const body = await documented<{ targets: Record<string, unknown>[] }>(res, "/api/v1/targets", "get");
    expect(body.targets.map((t) => `${t.app}/${t.name}`)).toEqual(["alpha/cron", "alpha/files", "beta/cron"]);
    expect(Object.keys(body.targets[0]!).sort()).toEqual(
      ["id", "app", "name", "type", "enabled", "status", "lastRunAt", "lastSuccessAt", "lastSizeBytes", "nextRunAt"].sort(),
    );
    expect(body.targets.every((t) => t.status === "never")).toBe(true);
  });

  it("hides other apps' targets from an app-limited token", async () => {
    const body = await documented<{ targets: { app: string }[] }>(await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.alphaOnly }), "/api/v1/targets", "get");
    expect(body.targets.map((t) => t.app)).toEqual(["alpha", "alpha"]);
  });

  it("creates a target (201) with the password stored encrypted and returned masked", async () => {
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", {
      token: s.tokens.admin,
      body: { appId: s.alpha.id, name: "db", type: "postgres", source: { url: "postgres://app:s3cret-pw@127.0.0.1:5432/app" }, compression: "gzip", retention: { keepDays: 7 } },
    });
    expect(res.status).toBe(201);
    const body = await documented<{ target: { id: number; source: { url: string }; secretSet: boolean } }>(res, "/api/v1/targets", "post");
    expect(body.target.source.url).toBe("postgres://app:***@127.0.0.1:5432/app");
    expect(body.target.secretSet).toBe(true);
    const row = getDb().select().from(targets).where(eq(targets.id, body.target.id)).get()!;
    expect(JSON.stringify(row)).not.toContain("s3cret-pw");
    expect(JSON.stringify(getDb().select().from(auditLog).all())).not.toContain("s3cret-pw");
  });

  it("answers 400 naming the field for invalid target bodies", async () => {
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", {
      token: s.tokens.admin,
      body: { appId: s.alpha.id, name: "db2", type: "postgres", source: { url: "not a url" } },
    });
    expect(res.status).toBe(400);
    const body = await documented<{ error: { message: string; details: Record<string, string> } }>(res, "/api/v1/targets", "post");
    expect(body.error.message).toContain("source.url");
    expect(body.error.details["source.url"]).toBeTruthy();

    const noName = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.admin, body: { appId: s.alpha.id, type: "external", source: {} } });
    expect(noName.status).toBe(400);
    expect((await noName.json()).error.message).toContain("name");
  });

  it("refuses target management to operators (403) and other apps to a limited token (404)", async () => {
    const op = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.operator, body: { appId: s.alpha.id, name: "x", type: "external", source: {} } });
    expect(op.status).toBe(403);
    const patchOther = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${s.betaExt.id}`, {
      token: s.tokens.alphaOnly,
      params: { id: String(s.betaExt.id) },
      body: { enabled: false },
    });
    // alpha-only is an operator: the role check comes first.
    expect(patchOther.status).toBe(403);
  });

  it("patches (200) and deletes (204) a target; then it is 404", async () => {
    const created = await documented<{ target: { id: number } }>(
      await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.admin, body: { appId: s.beta.id, name: "tmp", type: "external", source: {} } }),
      "/api/v1/targets",
      "post",
    );
    const id = String(created.target.id);
    const patched = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: s.tokens.admin, params: { id }, body: { enabled: false, name: "tmp2" } });
    expect(patched.status).toBe(200);
    const pb = await documented<{ target: { name: string; enabled: boolean } }>(patched, "/api/v1/targets/{id}", "patch");
    expect(pb.target).toMatchObject({ name: "tmp2", enabled: false });
    const list = await documented<{ targets: { id: number; status: string }[] }>(await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer }), "/api/v1/targets", "get");
    expect(list.targets.find((t) => t.id === created.target.id)!.status).toBe("paused");

    const badPatch = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: s.tokens.admin, params: { id }, body: { compression: "rar" } });
    expect(badPatch.status).toBe(400);
    expect((await badPatch.json()).error.message).toContain("compression");

    const del = await call(targetRoute.DELETE, "DELETE", `/api/v1/targets/${id}`, { token: s.tokens.admin, params: { id } });
    expect(del.status).toBe(204);
    const again = await call(targetRoute.DELETE, "DELETE", `/api/v1/targets/${id}`, { token: s.tokens.admin, params: { id } });
    expect(again.status).toBe(404);
    await documented(again, "/api/v1/targets/{id}", "delete");
    const junk = await call(targetRoute.PATCH, "PATCH", "/api/v1/targets/abc", { token: s.tokens.admin, params: { id: "abc" }, body: {} });
    expect(junk.status).toBe(404);
  });

  it("serves the OpenAPI document without a token", async () => {
    const res = await call(openapiRoute.GET, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0].url).toBe("http://lifeboat.test");
  });
});
