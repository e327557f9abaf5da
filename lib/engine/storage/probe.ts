import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { ProbeResult, ProbeStage, StorageBackend } from "./backend";

/**
 * The location "Test": write a small random object, read it back, compare, delete it, and say
 * which stage failed. Any backend can use it with a key of its own choosing.
 */
export async function probeBackend(backend: StorageBackend, key: string): Promise<ProbeResult> {
  const started = performance.now();
  const data = crypto.randomBytes(64 * 1024);
  let stage: ProbeStage = "write";
  try {
    await backend.put(key, Readable.from([data]), { size: data.length });
    stage = "read";
    const chunks: Buffer[] = [];
    for await (const c of await backend.open(key)) chunks.push(c as Buffer);
    stage = "compare";
    if (!Buffer.concat(chunks).equals(data)) throw new Error("the object read back differs from what was written");
    stage = "delete";
    await backend.delete(key);
    if (await backend.stat(key)) throw new Error("the test object is still there after deleting it");
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    if (stage !== "write" && stage !== "delete") await backend.delete(key).catch(() => {});
    return { ok: false, error: (e as Error).message, stage };
  }
}
