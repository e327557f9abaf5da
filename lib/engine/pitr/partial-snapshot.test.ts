import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { LocalBackend } from "../storage/local/backend";
import { storePartialSnapshot } from "./partial-snapshot";
import { fetchPlannedWal } from "./restore-fetch";
import { storeWalFile } from "./wal-store";

const SEG = 1 << 20;

describe("partial WAL snapshots", () => {
  it("each snapshot has its own object; a restore planned with the previous one fetches the newer one (or the completed segment) instead of failing", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const backend = new LocalBackend(tmpDir("lb-pitr-partial-"));
    const spool = tmpDir("lb-pitr-spool-");
    const file = path.join(spool, "000000010000000000000003.partial");
    const bytes = Buffer.alloc(SEG);
    bytes.fill(1, 0, 1000);
    fs.writeFileSync(file, bytes);
    const first = (await storePartialSnapshot({ targetId: t.id, backend, prefix: `pitr/${t.id}`, file }))!;
    expect(first.kind).toBe("partial");

    // pg_receivewal appends; the receiver stores the next snapshot while a restore holds `first`.
    await new Promise((r) => setTimeout(r, 5));
    bytes.fill(2, 1000, 2000);
    fs.writeFileSync(file, bytes);
    const second = (await storePartialSnapshot({ targetId: t.id, backend, prefix: `pitr/${t.id}`, file }))!;
    expect(second.key).not.toBe(first.key);
    expect(second.sha256).not.toBe(first.sha256);
    expect(await backend.stat(first.key)).toBeNull(); // only the newest snapshot is kept

    const walDir = tmpDir("lb-pitr-waldir-");
    await fetchPlannedWal(backend, [first], walDir, new AbortController().signal);
    expect(fs.readFileSync(path.join(walDir, "000000010000000000000003")).equals(bytes)).toBe(true);

    // The segment completes: its snapshots are dropped, and a restore still holding one fetches the segment.
    bytes.fill(3, 2000);
    const done = path.join(spool, "000000010000000000000003");
    fs.writeFileSync(done, bytes);
    fs.rmSync(file);
    await storeWalFile({ targetId: t.id, backend, prefix: `pitr/${t.id}`, file: done, segSize: SEG });
    expect(await backend.stat(second.key)).toBeNull();
    const walDir2 = tmpDir("lb-pitr-waldir-");
    await fetchPlannedWal(backend, [second], walDir2, new AbortController().signal);
    expect(fs.readFileSync(path.join(walDir2, "000000010000000000000003")).equals(bytes)).toBe(true);
  });
});
