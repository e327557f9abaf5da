import path from "node:path";
import type { Readable } from "node:stream";
import { PARTIAL_SUFFIX } from "../backend";
import { PutMeter, type RemotePutOptions } from "../remote/meter";
import { call, type SftpSession } from "./session";
import { ResumableWriter } from "./writer";

/** Writes in flight per put: bounded memory (WINDOW × the source's chunk size, ≤ 1 MiB each). */
const WINDOW = 16;

export interface SftpPutTarget {
  key: string;
  file: string;
  connect: () => Promise<SftpSession>;
  mkdirs: (s: SftpSession, dir: string) => Promise<void>;
  describe: (what: string, e: unknown) => Error;
  /** Looks at a failure while the .partial still exists (a full disk is only full until it is removed). */
  explain: (e: Error) => Promise<Error>;
}

/**
 * Stream into `<file>.partial`, then rename it over `<file>` (posix-rename@openssh.com, atomic,
 * where offered): the key shows a complete object or nothing. A dropped connection is resumed by
 * the writer; size/sha256 are checked before the rename and the stored size after it.
 */
export async function sftpPut(t: SftpPutTarget, body: Readable, opts: RemotePutOptions): Promise<{ size: number }> {
  opts.signal?.throwIfAborted();
  const partial = t.file + PARTIAL_SUFFIX;
  const meter = new PutMeter({ key: t.key, size: opts.size, sha256: opts.sha256 });
  const stop = () => meter.destroy(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error("The upload was cancelled"));
  opts.signal?.addEventListener("abort", stop, { once: true });
  body.on("error", (e) => meter.destroy(e));
  body.pipe(meter);
  const writer = new ResumableWriter(
    async () => {
      const s = await t.connect();
      await t.mkdirs(s, path.posix.dirname(t.file));
      return s;
    },
    partial,
    (cause, n) => t.describe(`SFTP upload of ${t.key} (after ${n} attempts)`, cause),
  );
  let offset = 0;
  const inflight = new Set<Promise<void>>();
  let failed: unknown = null;
  try {
    await writer.open();
    for await (const chunk of meter) {
      const p: Promise<void> = writer.write(offset, chunk as Buffer).then(
        () => void inflight.delete(p),
        (e) => {
          inflight.delete(p);
          failed ??= e;
        },
      );
      inflight.add(p);
      offset += (chunk as Buffer).length;
      if (inflight.size >= WINDOW) await Promise.race(inflight);
      if (failed) throw failed;
    }
    await Promise.all(inflight);
    if (failed) throw failed;
    const s = await writer.finish();
    if (s.has("posix-rename@openssh.com")) await call((cb) => s.sftp.ext_openssh_rename(partial, t.file, cb));
    else {
      // Plain SFTP rename refuses to replace: remove the old object first (a short gap, no half file).
      await call((cb) => s.sftp.unlink(t.file, cb)).catch(() => {});
      await call((cb) => s.sftp.rename(partial, t.file, cb));
    }
    const stored = await call<{ size?: number }>((cb) => s.sftp.stat(t.file, cb));
    if (stored.size !== meter.bytes) {
      await call((cb) => s.sftp.unlink(t.file, cb)).catch(() => {});
      throw new Error(`SFTP upload of ${t.key}: the server stored ${stored.size} bytes, ${meter.bytes} were sent`);
    }
    return { size: meter.bytes };
  } catch (caught) {
    let e = caught;
    meter.destroy();
    body.unpipe(meter);
    body.destroy();
    await Promise.allSettled(inflight);
    await writer.close();
    const source = meter.errored ?? (body.errored as Error | null);
    if (e !== source && !(e instanceof Error && /^(SFTP |put )/.test(e.message)) && (e as Error)?.name !== "HostKeyError") e = t.describe(`SFTP upload of ${t.key}`, e);
    e = await t.explain(e as Error);
    // Best effort: with the server gone the .partial stays for discardIncomplete.
    await t
      .connect()
      .then((s) => call((cb) => s.sftp.unlink(partial, cb)))
      .catch(() => {});
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
}
