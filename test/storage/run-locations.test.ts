import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { runs, storageLocations } from "@/lib/db/schema";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { openArtifact } from "@/lib/services/runs/artifact-file";
import { sendFile } from "@/lib/http/send-file";
import { insertLocation, backendFor } from "@/lib/engine/storage/locations";
import { locationForFolder } from "@/lib/engine/storage/folder-location";
import { fetchArtifactInto, artifactFileOf } from "@/lib/engine/restore/paths";
import { registerRemoteLikeKind } from "@/lib/engine/storage/registry.testing";
import { apps } from "@/lib/db/schema";
import { planArtifact } from "@/lib/engine/storage/local";
import { storeScratchArtifact } from "@/lib/engine/storage/store-artifact";
import { writeArtifact } from "@/lib/engine/archive/write-artifact";
import { makeTarget, operator, tmpDir, unpack, sha256sumCheck } from "@/test/backup/fixtures";

const undo = registerRemoteLikeKind();
afterAll(undo);

describe("[STORAGE] runs live at (location, key)", () => {
  it("a target with its own folder stores its run on a second local location, read back through it", async () => {
    const defaultLoc = locationForFolder(tmpDir("lb-default-"));
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "a.txt"), "hello from a second location");
    const second = tmpDir("lb-second-");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: second, compression: "zstd" });
    const actor = operator();
    const run = await waitForRun(enqueueRun(actor, t.id).id, 60_000);
    expect(run.status).toBe("success");
    const loc = getDb().select().from(storageLocations).where(eq(storageLocations.id, run.storageId!)).get()!;
    expect(loc).toMatchObject({ kind: "local", settings: { path: second } });
    expect(loc.id).not.toBe(defaultLoc.id);
    // The row holds a key, not a path: relative, with the location's folder only as storage_root.
    expect(run.artifactPath!.startsWith("/")).toBe(false);
    expect(run.storageRoot).toBe(second);
    const file = path.join(second, run.artifactPath!);
    expect(artifactFileOf(run)).toBe(file);
    sha256sumCheck(file);
    expect(fs.readFileSync(path.join(unpack(file), "files/a.txt"), "utf8")).toBe("hello from a second location");
    const dl = await openArtifact(actor, run.id, "artifact");
    expect(dl.size).toBe(fs.statSync(file).size);
  });

  it("a location without a local path: downloads with Range go through open(key, range), restores fetch into scratch", async () => {
    const folder = tmpDir("lb-remote-");
    const loc = insertLocation(getDb(), { name: "Remote-like", kind: "remote-like", settings: { path: folder } });
    const backend = backendFor(loc);
    expect(backend.localPath).toBeUndefined();
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    const key = "shop/db/2026-01-01/shop-db-run9.tar.zst";
    await backend.put(key, Readable.from([data]));
    await backend.put(`${key}.sha256`, Readable.from([Buffer.from(`${"0".repeat(64)}  shop-db-run9.tar.zst\n`)]));
    const t = makeTarget({ type: "filesystem", source: { path: tmpDir() } });
    const run = getDb()
      .insert(runs)
      .values({ targetId: t.id, trigger: "manual", status: "success", queuedAt: new Date(), storageId: loc.id, artifactPath: key, artifactState: "present", sizeBytes: data.length })
      .returning()
      .get();
    const actor = operator();
    const file = await openArtifact(actor, run.id, "artifact");
    expect(file).toMatchObject({ fileName: "shop-db-run9.tar.zst", size: data.length, absPath: undefined });
    const res = await sendFile(new Request("http://x/a", { headers: { range: "bytes=1000-1999" } }), file.sendable());
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 1000-1999/${data.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(1000, 2000))).toBe(true);
    const tail = await sendFile(new Request("http://x/a", { headers: { range: "bytes=-10" } }), file.sendable());
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(data.length - 10))).toBe(true);
    expect((await openArtifact(actor, run.id, "sha256")).size).toBe(87);

    expect(() => artifactFileOf(run)).toThrow(/no local file/);
    const scratch = tmpDir("lb-scratch-");
    const fetched = await fetchArtifactInto(run, scratch);
    expect(path.dirname(fetched)).toBe(scratch);
    expect(fs.readFileSync(fetched).equals(data)).toBe(true);
  });

  it("the archive writer spools into scratch space and puts the object when the location has no local path", async () => {
    const folder = tmpDir("lb-remote-w-");
    const backend = backendFor(insertLocation(getDb(), { name: "Remote-like W", kind: "remote-like", settings: { path: folder } }));
    const t = makeTarget({ type: "filesystem", source: { path: tmpDir() }, compression: "gzip" });
    const app = getDb().select().from(apps).where(eq(apps.id, t.appId)).get()!;
    const loc = planArtifact(t, app, 77, new Date("2026-01-02T03:04:05Z"), backend);
    expect(loc.inPlace).toBe(false);
    expect(loc.file.startsWith(folder)).toBe(false);
    const ac = new AbortController();
    const written = await writeArtifact({
      file: loc.file,
      compression: "gzip",
      level: 1,
      signal: ac.signal,
      fill: async (pack) => {
        pack.entry({ name: "manifest.json" }, "{}");
      },
    });
    await storeScratchArtifact(backend, loc, written.sizeBytes, ac.signal);
    expect(await backend.stat(loc.key)).toMatchObject({ size: written.sizeBytes });
    expect(fs.readFileSync(path.join(folder, loc.key)).equals(fs.readFileSync(loc.file))).toBe(true);
    expect(fs.readFileSync(path.join(folder, `${loc.key}.sha256`), "utf8")).toContain(written.sha256);
  });
});
