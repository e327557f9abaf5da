import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect, test } from "vitest";
import { followHash } from "./hash-follower";
import { ChunkPool } from "./chunk-pool";

test("hashes a file another process is still appending to, up to its last byte", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-follow-"));
  const file = path.join(dir, "growing.bin");
  fs.writeFileSync(file, "");
  const f = followHash(file);
  // A real writer: 40 pieces of random bytes with pauses, so the follower catches up and waits.
  const writer = spawn("bash", ["-c", 'for i in $(seq 40); do head -c 100000 /dev/urandom >> "$1"; sleep 0.01; done', "_", file]);
  const [code] = await once(writer, "exit");
  expect(code).toBe(0);
  const { sha256, bytes } = await f.finish();
  const body = fs.readFileSync(file);
  expect(bytes).toBe(4_000_000);
  expect(sha256).toBe(crypto.createHash("sha256").update(body).digest("hex"));
});

test("a missing file is an error, not a hash of nothing", async () => {
  const f = followHash(path.join(os.tmpdir(), `lb-missing-${process.pid}-${Date.now()}`));
  await expect(f.finish()).rejects.toThrow(/hashing the artifact failed: ENOENT/);
});

test("the chunk pool reuses only its own buffers", () => {
  const pool = new ChunkPool(1024, 2);
  const a = pool.take();
  pool.give(Buffer.alloc(1024)); // not from the pool: never handed out later
  pool.give(a);
  expect(pool.take()).toBe(a);
  expect(pool.take()).not.toBe(a);
});
