import crypto from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import { scanLocation } from "@/lib/engine/storage/rescan";
import { deleteArtifactObjects } from "@/lib/engine/storage/run-artifact";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator, tmpDir } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

describe("[COPIES] a rescan reads the index beside each copy, not the whole object (real S3 server, age)", () => {
  it("the copy writes an encrypted index; the rescan takes the manifest and sha256 from it without reading the artifact; a stale index is ignored; deleting the copy deletes the index", async () => {
    const a = admin();
    const loc = await createStorageLocation(a, { name: "Vault (index)", kind: "s3", settings: s3.settings({ prefix: "index" }), encryption: "age" });
    const t = folderTarget(a, { copies: [{ storageId: loc.id }] }, 400_000);
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const [copy] = await waitForCopies(run.id);
    expect(copy.status).toBe("copied");
    const backend = backendFor(getLocation(loc.id)!);
    // Encrypted like the copy: the plain name is not there.
    expect(await backend.stat(`${copy.key}.index.json.age`)).not.toBeNull();
    expect(await backend.stat(`${copy.key}.index.json`)).toBeNull();

    const scratch = tmpDir("lb-rescan-index-");
    const found = (await scanLocation(getLocation(loc.id)!, scratch)).find((f) => f.key === copy.key)!;
    expect(found).toMatchObject({ fromIndex: true, sha256: run.sha256, error: null, size: copy.sizeBytes });
    expect(found.manifest).toMatchObject({ format: "lifeboat-artifact", type: "filesystem", target: "files" });

    // Same size, other bytes: the rescan still lists it from the index (so it never read the
    // object); a restore would refuse it on the sha256.
    await backend.put(copy.key!, Readable.from([crypto.randomBytes(copy.sizeBytes!)]));
    expect((await scanLocation(getLocation(loc.id)!, scratch)).find((f) => f.key === copy.key)).toMatchObject({ fromIndex: true, sha256: run.sha256 });

    // Another size: the index is stale and ignored; the object itself is read (and is garbage).
    await backend.put(copy.key!, Readable.from([crypto.randomBytes(1000)]));
    const stale = (await scanLocation(getLocation(loc.id)!, scratch)).find((f) => f.key === copy.key)!;
    expect(stale.fromIndex).toBeUndefined();
    expect(stale.manifest).toBeNull();
    expect(stale.error).toMatch(/age|decrypt/i);

    await deleteArtifactObjects(backend, copy.key!);
    expect(await backend.stat(`${copy.key}.index.json.age`)).toBeNull();
    expect(await backend.stat(`${copy.key}.sha256`)).toBeNull();
  }, 120_000);
});
