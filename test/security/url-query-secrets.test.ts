// Issue 10 item 11: a password in a connection URL's query string (?password=, ?sslpassword=, a
// Redis/MySQL ?password=) is split off and sealed like the URL's own password: never stored in
// clear, shown masked to every role, masked in run logs and manifests; `passfile` (a file on the
// console's host) is refused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { call } from "@/test/api/testing";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { auditLog, runs, targets } from "@/lib/db/schema";
import { createApp } from "@/lib/services/apps/create";
import { createToken } from "@/lib/services/tokens/create";
import { getTarget } from "@/lib/services/targets/get";
import { verifyToken } from "@/lib/services/tokens/verify";
import { resolveTarget } from "@/lib/engine/targets/resolve";
import { urlParts } from "@/lib/engine/types/shared/db-url";
import { readManifest } from "@/lib/engine/archive/read";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { serviceTest } from "@/test/services";
import { psql, rand } from "@/test/backup/db-helpers";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";

const QUERY_PW = "Query-S3cret-pw";
const SSL_PW = "Ssl-S3cret-key-pw";
let appId = 0;
let admin = "";
let viewer = "";
let storage = "";

beforeAll(() => {
  appId = createApp(ADMIN_CLI, { name: "qs" }).id;
  admin = createToken(ADMIN_CLI, { name: "admin", role: "admin" }).token;
  viewer = createToken(ADMIN_CLI, { name: "viewer", role: "viewer" }).token;
  storage = fs.mkdtempSync(path.join(os.tmpdir(), "lb-qs-store-"));
});

const everythingStored = () => JSON.stringify([getDb().select().from(targets).all(), getDb().select().from(auditLog).all()]);

async function create(name: string, type: string, url: string) {
  const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: admin, body: { appId, name, type, source: { url }, storageRoot: storage } });
  return { status: res.status, body: (await res.json()) as { target: { id: number; source: { url: string }; secretSet: boolean }; error?: { details: Record<string, string> } } };
}

describe("secrets in a URL's query string", async () => {
  const pgTest = await serviceTest("postgres");
  const db = `lb_qs_${rand()}`;

  beforeAll(() => {
    psql("test", `create database ${db}`);
    psql(db, "create table t (id int); insert into t values (1), (2)");
  });

  pgTest("are sealed at create, shown masked to a viewer, and kept by *** on change", async () => {
    const url = `postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable&password=${QUERY_PW}&sslpassword=${SSL_PW}&application_name=lb`;
    const { status, body } = await create("pg", "postgres", url);
    expect(status).toBe(201);
    expect(body.target.source.url).toBe(`postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable&password=***&sslpassword=***&application_name=lb`);
    expect(body.target.secretSet).toBe(true);
    expect(everythingStored()).not.toContain(QUERY_PW);
    expect(everythingStored()).not.toContain(SSL_PW);

    const id = String(body.target.id);
    // What a viewer's target page is given.
    const seen = getTarget(verifyToken(viewer, null), body.target.id);
    expect(seen.source.url).toBe(body.target.source.url);

    // Keeping *** keeps the stored values; the drivers get them back.
    const patched = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: admin, params: { id }, body: { source: { url: body.target.source.url } } });
    expect(patched.status).toBe(200);
    const real = resolveTarget(body.target.id).source.url as string;
    expect(urlParts(real).password).toBe(QUERY_PW);
    expect(new URL(real).searchParams.get("sslpassword")).toBe(SSL_PW);
    expect(new URL(real).searchParams.get("application_name")).toBe("lb");

    // A new value replaces; dropping the parameter forgets it.
    await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, {
      token: admin,
      params: { id },
      body: { source: { url: `postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable&password=other-pw` } },
    });
    const after = resolveTarget(body.target.id).source.url as string;
    expect(urlParts(after).password).toBe("other-pw");
    expect(new URL(after).searchParams.has("sslpassword")).toBe(false);
    expect(everythingStored()).not.toContain("other-pw");
  });

  pgTest("never reach the run log or the manifest of a real backup", async () => {
    const url = `postgres://postgres@127.0.0.1:5432/${db}?sslmode=disable&password=${QUERY_PW}`;
    const { body } = await create("pg-run", "postgres", url);
    const run = enqueueRun(ADMIN_CLI, body.target.id);
    const done = await waitForRun(run.id);
    expect(done.status).toBe("success");
    const row = getDb().select().from(runs).where(eq(runs.id, run.id)).get()!;
    const log = fs.readFileSync(row.logPath!, "utf8");
    expect(log).toContain("password=***");
    expect(log).not.toContain(QUERY_PW);
    const manifest = await readManifest(path.join(storage, row.artifactPath!));
    expect(JSON.stringify(manifest)).not.toContain(QUERY_PW);
  });

  pgTest("a MySQL or Redis ?password= is sealed too", async () => {
    const my = await create("my", "mysql", `mysql://root@127.0.0.1:3306/test?password=${QUERY_PW}`);
    expect(my.body.target.source.url).toBe("mysql://root@127.0.0.1:3306/test?password=***");
    const rd = await create("rd", "redis", `redis://127.0.0.1:6379/0?password=${QUERY_PW}`);
    expect(rd.body.target.source.url).toBe("redis://127.0.0.1:6379/0?password=***");
    expect(urlParts(resolveTarget(rd.body.target.id).source.url as string).password).toBe(QUERY_PW);
    expect(everythingStored()).not.toContain(QUERY_PW);
  });

  pgTest("passfile is refused: it would make the console read a file of its own host", async () => {
    const { status, body } = await create("pf", "postgres", `postgres://postgres@127.0.0.1:5432/${db}?passfile=/etc/shadow`);
    expect(status).toBe(400);
    expect(body.error!.details["source.url"]).toMatch(/passfile/);
  });
});

describe("targets saved before query secrets were sealed", () => {
  test("are sealed once at start-up, the URL's own password kept", async () => {
    const { sealJson } = await import("@/lib/crypto/secrets");
    const { resealUrlSecrets } = await import("@/lib/engine/targets/reseal");
    const old = getDb()
      .insert(targets)
      .values({
        appId,
        name: "legacy",
        type: "postgres",
        source: { url: `postgres://u:***@127.0.0.1:5432/db?password=${QUERY_PW}` },
        secretEnc: sealJson({ password: "userinfo-pw" }),
        pingKey: "legacy-ping-key",
      })
      .returning()
      .get();
    expect(resealUrlSecrets()).toEqual([old.id]);
    expect(everythingStored()).not.toContain(QUERY_PW);
    const real = resolveTarget(old.id).source.url as string;
    expect(new URL(real).password).toBe("userinfo-pw");
    expect(new URL(real).searchParams.get("password")).toBe(QUERY_PW);
    expect(resealUrlSecrets()).toEqual([]);
  });
});
