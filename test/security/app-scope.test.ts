// Issue 10 item 12: an API token limited to some apps stays inside them, through the real route
// handlers and through the services themselves (a future route that forgets the check is still
// safe). Outside its apps it learns nothing: an app it cannot see answers exactly like an app
// that does not exist, and a name conflict never names another app.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "@/test/api/testing";
import { ADMIN_CLI, seedApi } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { apps, targets } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/services/tokens/create";
import { verifyToken } from "@/lib/services/tokens/verify";
import { createApp } from "@/lib/services/apps/create";
import { updateApp } from "@/lib/services/apps/update";
import { deleteApp } from "@/lib/services/apps/delete";
import { createTarget } from "@/lib/services/targets/create";
import { updateTarget } from "@/lib/services/targets/update";
import { deleteTarget } from "@/lib/services/targets/delete";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";

let s: ReturnType<typeof seedApi>;
let scopedAdmin: string;
let scopedActor: Actor;
beforeAll(() => {
  s = seedApi();
  scopedAdmin = createToken(ADMIN_CLI, { name: "alpha-admin", role: "admin", appIds: [s.alpha.id] }).token;
  scopedActor = verifyToken(scopedAdmin, null);
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details?: Record<string, string> } }).error;
const appCount = () => getDb().select().from(apps).all().length;

function thrown(fn: () => unknown): { status?: number; message?: string } {
  try {
    fn();
  } catch (e) {
    return e as { status?: number; message?: string };
  }
  throw new Error("expected an error");
}

describe("an app-limited admin token and apps", () => {
  it("cannot create an app (403), and a taken name does not reveal the other app", async () => {
    const before = appCount();
    const fresh = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: scopedAdmin, body: { name: "sneaky" } });
    expect(fresh.status).toBe(403);
    expect((await errorOf(fresh)).message).toMatch(/limited to some apps/);
    // "beta" exists outside the token's scope: the answer is the same 403, not a 409 naming it.
    const taken = await call(appsRoute.POST, "POST", "/api/v1/apps", { token: scopedAdmin, body: { name: "beta" } });
    expect(taken.status).toBe(403);
    expect(JSON.stringify(await errorOf(taken))).not.toContain("beta");
    expect(appCount()).toBe(before);
  });

  it("is refused by the app services themselves: create, rename, delete", () => {
    expect(thrown(() => createApp(scopedActor, { name: "direct" })).status).toBe(403);
    expect(thrown(() => updateApp(scopedActor, { id: s.alpha.id, name: "beta" })).status).toBe(403);
    expect(thrown(() => deleteApp(scopedActor, s.alpha.id)).status).toBe(403);
    // Another app is not even there for this token.
    expect(thrown(() => updateApp(scopedActor, { id: s.beta.id, description: "x" })).status).toBe(404);
    expect(getDb().select().from(apps).where(eq(apps.id, s.alpha.id)).get()?.name).toBe("alpha");
    // Its own app's description may change.
    expect(updateApp(scopedActor, { id: s.alpha.id, description: "by token" }).description).toBe("by token");
  });
});

describe("an app-limited admin token and targets", () => {
  it("creates targets in its app only; another app answers exactly like a missing one", async () => {
    const body = (appId: number) => ({ appId, name: "scoped-new", type: "external", source: {} });
    const ok = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: scopedAdmin, body: body(s.alpha.id) });
    expect(ok.status).toBe(201);
    const other = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: scopedAdmin, body: body(s.beta.id) });
    const missing = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: scopedAdmin, body: body(999_999) });
    expect(other.status).toBe(missing.status);
    const [eo, em] = [await errorOf(other), await errorOf(missing)];
    expect(eo.message.replace(String(s.beta.id), "N")).toBe(em.message.replace("999999", "N"));
    expect(getDb().select().from(targets).where(eq(targets.appId, s.beta.id)).all().map((t) => t.name)).not.toContain("scoped-new");
  });

  it("cannot move a target into another app, nor change or delete another app's target", async () => {
    const id = String(s.alphaFiles.id);
    const move = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: scopedAdmin, params: { id }, body: { appId: s.beta.id } });
    const moveMissing = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: scopedAdmin, params: { id }, body: { appId: 999_999 } });
    expect(move.status).toBe(moveMissing.status);
    expect(getDb().select().from(targets).where(eq(targets.id, s.alphaFiles.id)).get()?.appId).toBe(s.alpha.id);
    const betaId = String(s.betaExt.id);
    const patch = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${betaId}`, { token: scopedAdmin, params: { id: betaId }, body: { enabled: false } });
    expect(patch.status).toBe(404);
    const del = await call(targetRoute.DELETE, "DELETE", `/api/v1/targets/${betaId}`, { token: scopedAdmin, params: { id: betaId } });
    expect(del.status).toBe(404);
    expect(getDb().select().from(targets).where(eq(targets.id, s.betaExt.id)).get()?.enabled).toBe(true);
  });

  it("is refused by the target services themselves", () => {
    expect(thrown(() => createTarget(scopedActor, { appId: s.beta.id, name: "svc", type: "external", source: {} })).status).toBe(400);
    expect(thrown(() => updateTarget(scopedActor, { id: s.betaExt.id, enabled: false })).status).toBe(404);
    expect(thrown(() => updateTarget(scopedActor, { id: s.alphaExt.id, appId: s.beta.id })).status).toBe(400);
    expect(thrown(() => deleteTarget(scopedActor, s.betaExt.id)).status).toBe(404);
    expect(getDb().select().from(targets).where(eq(targets.id, s.betaExt.id)).get()).toBeTruthy();
  });
});
