import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../../test/api/testing";
import { seedApi } from "../../test/api/fixtures";
import { startS3Server, type S3TestServer } from "../../test/servers/s3";
import { startSshd, type SshdServer } from "../../test/servers/sshd";
import * as listRoute from "@/app/api/v1/storage/route";
import * as oneRoute from "@/app/api/v1/storage/[id]/route";
import * as testRoute from "@/app/api/v1/storage/[id]/test/route";
import { getDb } from "../db/client";
import { auditLog, runs, storageLocations } from "../db/schema";

let s: ReturnType<typeof seedApi>;
let s3: S3TestServer;
let sshd: SshdServer;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-storage-api-"));

beforeAll(async () => {
  s = seedApi();
  [s3, sshd] = await Promise.all([startS3Server(), startSshd()]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), sshd?.stop()]);
  fs.rmSync(folder, { recursive: true, force: true });
});

type Storage = { id: number; name: string; kind: string; settings: Record<string, unknown>; encryption: string; ageRecipient: string | null; ageRecipients: string[] };
type ApiError = { error: { code: string; message: string; details?: Record<string, string> } };

const post = (body: unknown, token = s.tokens.admin) => call(listRoute.POST, "POST", "/api/v1/storage", { token, body });
const create = async (body: unknown) => (await documented<{ storage: Storage }>(await post(body), "/api/v1/storage", "post")).storage;
const test = (id: number, token = s.tokens.admin) => call(testRoute.POST, "POST", `/api/v1/storage/${id}/test`, { token, params: { id: String(id) } });
const testError = async (id: number) => {
  const res = await test(id);
  expect(res.status).toBe(400);
  return (await documented<ApiError>(res, "/api/v1/storage/{id}/test", "post")).error;
};
const sftpSettings = (extra: Record<string, unknown> = {}) => ({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, path: path.join(sshd.dir, "api"), ...extra });

describe("API v1 storage locations: who may", () => {
  it("operators, viewers and app-limited tokens get 403; no token 401", async () => {
    for (const token of [s.tokens.operator, s.tokens.viewer, s.tokens.alphaOnly]) {
      const list = await call(listRoute.GET, "GET", "/api/v1/storage", { token });
      expect(list.status).toBe(403);
      await documented(list, "/api/v1/storage", "get");
      expect((await post({ name: "x", kind: "local", settings: { path: folder } }, token)).status).toBe(403);
    }
    expect((await call(listRoute.GET, "GET", "/api/v1/storage", { token: null })).status).toBe(401);
    expect(getDb().select().from(storageLocations).where(eq(storageLocations.name, "x")).get()).toBeUndefined();
  });
});

describe("API v1 storage locations: local and S3", () => {
  it("creates a local location (201), tests it (200 with the latency), lists it", async () => {
    const loc = await create({ name: "nas", kind: "local", settings: { path: folder } });
    expect(loc).toMatchObject({ name: "nas", kind: "local", settings: { path: folder }, encryption: "none" });
    const ok = await documented<{ ok: boolean; latencyMs: number }>(await test(loc.id), "/api/v1/storage/{id}/test", "post");
    expect(ok.ok).toBe(true);
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const list = await documented<{ storage: Storage[] }>(await call(listRoute.GET, "GET", "/api/v1/storage", { token: s.tokens.admin }), "/api/v1/storage", "get");
    expect(list.storage.map((l) => l.name)).toContain("nas");
    expect((await post({ name: "nas", kind: "local", settings: { path: folder } })).status).toBe(409);
    const bad = await post({ name: "rel", kind: "local", settings: { path: "relative/dir" } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await documented<ApiError>(bad, "/api/v1/storage", "post")).error.details!)).toEqual(["settings.path"]);
  });

  it("S3 with age: the secret is masked everywhere, the identity sealed, the test passes against the real server", async () => {
    const loc = await create({ name: "offsite", kind: "s3", settings: s3.settings({ prefix: "lb" }), encryption: "age" });
    expect(loc.settings.secretAccessKey).toBe("***");
    expect(loc.encryption).toBe("age");
    expect(loc.ageRecipient).toMatch(/^age1/);
    const row = getDb().select().from(storageLocations).where(eq(storageLocations.id, loc.id)).get()!;
    expect(JSON.stringify(row)).not.toContain(s3.secretAccessKey);
    expect(row.ageIdentityEnc).toMatch(/^v1:/);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "storage.create")).all();
    expect(JSON.stringify(audit)).not.toContain(s3.secretAccessKey);
    expect(JSON.stringify(audit)).not.toContain("AGE-SECRET-KEY");
    expect((await documented<{ ok: boolean }>(await test(loc.id), "/api/v1/storage/{id}/test", "post")).ok).toBe(true);

    // PATCH without the secret keeps it (the test still passes); an extra recipient is added.
    const extra = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    const patched = await call(oneRoute.PATCH, "PATCH", `/api/v1/storage/${loc.id}`, { token: s.tokens.admin, params: { id: String(loc.id) }, body: { settings: { prefix: "lb2", secretAccessKey: "***" }, ageRecipients: [extra] } });
    const after = (await documented<{ storage: Storage }>(patched, "/api/v1/storage/{id}", "patch")).storage;
    expect(after).toMatchObject({ settings: { prefix: "lb2", secretAccessKey: "***" }, ageRecipients: [extra], ageRecipient: loc.ageRecipient });
    expect((await test(loc.id)).status).toBe(200);
  });

  it("a wrong secret key: 400 naming auth", async () => {
    const loc = await create({ name: "wrong-secret", kind: "s3", settings: s3.settings({ secretAccessKey: "not-the-secret" }) });
    const e = await testError(loc.id);
    expect(e.details).toMatchObject({ cause: "auth", stage: "connect" });
    expect(e.message).toMatch(/auth: the access key or secret key is wrong/);
  });

  it("a missing bucket: 400 naming it", async () => {
    const loc = await create({ name: "no-bucket", kind: "s3", settings: s3.settings({ bucket: "no-such-bucket" }) });
    const e = await testError(loc.id);
    expect(e.details?.cause).toBe("bucket_missing");
    expect(e.message).toMatch(/no bucket "no-such-bucket"/);
  });

  it("a name that does not resolve: 400 naming DNS", async () => {
    const loc = await create({ name: "no-dns", kind: "s3", settings: s3.settings({ endpoint: "http://lifeboat-no-such-host.invalid:9000" }) });
    expect((await testError(loc.id)).details?.cause).toBe("dns");
  });
});

describe("API v1 storage locations: SFTP host key", () => {
  it("without a fingerprint: not saved, 400 with the key to confirm; with it: saved, pinned and tested", async () => {
    const first = await post({ name: "sftp", kind: "sftp", settings: sftpSettings() });
    expect(first.status).toBe(400);
    const e = (await documented<ApiError>(first, "/api/v1/storage", "post")).error;
    expect(e.details?.["settings.hostKeyFingerprint"]).toBe(sshd.hostKeyFingerprint);
    expect(getDb().select().from(storageLocations).where(eq(storageLocations.name, "sftp")).get()).toBeUndefined();

    const loc = await create({ name: "sftp", kind: "sftp", settings: sftpSettings({ hostKeyFingerprint: e.details!["settings.hostKeyFingerprint"] }) });
    expect(loc.settings).toMatchObject({ hostKeyFingerprint: sshd.hostKeyFingerprint, privateKey: "***" });
    expect(loc.settings.password).toBeUndefined();
    expect((await test(loc.id)).status).toBe(200);
  });

  it("a pinned key that does not match what the server shows: refused, naming host_key", async () => {
    const wrong = "SHA256:" + "A".repeat(43);
    const loc = await create({ name: "sftp-wrong", kind: "sftp", settings: sftpSettings({ hostKeyFingerprint: wrong }) });
    const e = await testError(loc.id);
    expect(e.details?.cause).toBe("host_key");
    expect(e.message).toContain(`not the pinned ${wrong}: refused`);
  });

  it("a key the server does not know: 400 naming auth", async () => {
    const stranger = utils.generateKeyPairSync("ed25519").private;
    const loc = await create({ name: "sftp-stranger", kind: "sftp", settings: sftpSettings({ privateKey: stranger, hostKeyFingerprint: sshd.hostKeyFingerprint }) });
    const e = await testError(loc.id);
    expect(e.details?.cause).toBe("auth");
  });
});

describe("API v1 storage locations: delete", () => {
  it("refuses (409) while it holds an artifact, deletes (204) when it holds none", async () => {
    const loc = await create({ name: "holding", kind: "local", settings: { path: path.join(folder, "h") } });
    const runId = getDb()
      .insert(runs)
      .values({ targetId: s.alphaExt.id, status: "success", trigger: "manual", queuedAt: new Date(), storageId: loc.id, artifactPath: "a/b.tar.zst", artifactState: "present" })
      .returning()
      .get().id;
    const del = () => call(oneRoute.DELETE, "DELETE", `/api/v1/storage/${loc.id}`, { token: s.tokens.admin, params: { id: String(loc.id) } });
    const refused = await del();
    expect(refused.status).toBe(409);
    expect((await documented<ApiError>(refused, "/api/v1/storage/{id}", "delete")).error.message).toMatch(/holds 1 artifact/);
    getDb().update(runs).set({ artifactState: "pruned" }).where(eq(runs.id, runId)).run();
    expect((await del()).status).toBe(204);
    expect(getDb().select().from(runs).where(eq(runs.id, runId)).get()?.storageId).toBeNull();
    expect((await call(oneRoute.DELETE, "DELETE", "/api/v1/storage/999", { token: s.tokens.operator, params: { id: "999" } })).status).toBe(403);
  });
});
