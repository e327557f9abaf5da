import path from "node:path";
import type { Readable } from "node:stream";
import { followHash } from "../../archive/hash-follower";
import { PARTIAL_SUFFIX, type LocalFile, type PutFileOptions } from "../backend";
import { checkSha256, fileEndedError, readAt } from "../local-file";
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
  const writer = partialWriter(t, partial);
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
    await commit(t, writer, partial, meter.bytes);
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
    throw await discardPartial(t, partial, e as Error);
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
}

function partialWriter(t: SftpPutTarget, partial: string): ResumableWriter {
  return new ResumableWriter(
    async () => {
      const s = await t.connect();
      await t.mkdirs(s, path.posix.dirname(t.file));
      return s;
    },
    partial,
    (cause, n) => t.describe(`SFTP upload of ${t.key} (after ${n} attempts)`, cause),
  );
}

/** fsync and close the .partial, rename it over the key (atomically where offered), check the stored size. */
async function commit(t: SftpPutTarget, writer: ResumableWriter, partial: string, bytes: number): Promise<void> {
  const s = await writer.finish();
  if (s.has("posix-rename@openssh.com")) await call((cb) => s.sftp.ext_openssh_rename(partial, t.file, cb));
  else {
    // Plain SFTP rename refuses to replace: remove the old object first (a short gap, no half file).
    await call((cb) => s.sftp.unlink(t.file, cb)).catch(() => {});
    await call((cb) => s.sftp.rename(partial, t.file, cb));
  }
  const stored = await call<{ size?: number }>((cb) => s.sftp.stat(t.file, cb));
  if (stored.size !== bytes) {
    await call((cb) => s.sftp.unlink(t.file, cb)).catch(() => {});
    throw new Error(`SFTP upload of ${t.key}: the server stored ${stored.size} bytes, ${bytes} were sent`);
  }
}

/** The failure as a person should read it, after removing the .partial (best effort: with the server gone it stays for discardIncomplete). */
async function discardPartial(t: SftpPutTarget, partial: string, e: Error): Promise<Error> {
  const explained = await t.explain(e);
  await t
    .connect()
    .then((s) => call((cb) => s.sftp.unlink(partial, cb)))
    .catch(() => {});
  return explained;
}

/** Buffers of the file path: WINDOW writes in flight and one being read. */
const FILE_CHUNK = 1 << 20;

/**
 * A local file into `<file>.partial` by positional reads into a fixed pool of buffers, written at
 * their offsets (WINDOW at a time, resumed after a dropped connection by the writer), while a worker
 * thread hashes the same file (hash-follower: the sha256 costs the event loop nothing). The rename
 * happens only when every write was acknowledged and the file's sha256 matches `opts.sha256`.
 */
export async function sftpPutFile(t: SftpPutTarget, file: LocalFile, opts: PutFileOptions): Promise<{ size: number; sha256: string }> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const what = opts.what ?? t.key;
  const partial = t.file + PARTIAL_SUFFIX;
  const follower = followHash({ fd: file.fd });
  const writer = partialWriter(t, partial);
  const free = Array.from({ length: WINDOW + 1 }, () => Buffer.allocUnsafeSlow(FILE_CHUNK));
  const inflight = new Set<Promise<void>>();
  let failed: unknown = null;
  // A cancel also ends a wait on writes a hung server never answers.
  let onAbort = () => {};
  const cancelled = new Promise<never>((_, reject) => (onAbort = () => reject(signal?.reason)));
  cancelled.catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await writer.open();
    for (let pos = 0; pos < file.size; ) {
      while (!free.length && !failed) await Promise.race([...inflight, cancelled]);
      if (failed) throw failed;
      signal?.throwIfAborted();
      const buf = free.pop()!;
      const n = await readAt(file.fd, buf, 0, Math.min(FILE_CHUNK, file.size - pos), pos);
      if (n === 0) throw fileEndedError(what, pos, file.size);
      const p: Promise<void> = writer
        .write(pos, buf.subarray(0, n))
        .then(() => void free.push(buf))
        .catch((e) => void (failed ??= e))
        .finally(() => inflight.delete(p));
      inflight.add(p);
      pos += n;
    }
    await Promise.race([Promise.all(inflight), cancelled]);
    if (failed) throw failed;
    const { sha256, bytes } = await Promise.race([follower.finish(), cancelled]);
    if (bytes !== file.size) throw new Error(`${what}: ${bytes} bytes were hashed, ${file.size} were sent (it changed while being copied)`);
    checkSha256(what, sha256, opts.sha256);
    await commit(t, writer, partial, file.size);
    return { size: file.size, sha256 };
  } catch (caught) {
    follower.stop();
    // After a cancel, writes a hung server never answers are not waited for (ssh2's keep-alive ends them).
    if (!signal?.aborted) await Promise.allSettled(inflight);
    await writer.close();
    let e = caught;
    if (signal?.aborted) e = signal.reason instanceof Error ? signal.reason : new Error("The upload was cancelled");
    else if (!(e instanceof Error && (e.message.startsWith(what) || /^SFTP /.test(e.message))) && (e as Error)?.name !== "HostKeyError") e = t.describe(`SFTP upload of ${t.key}`, e);
    throw await discardPartial(t, partial, e as Error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
