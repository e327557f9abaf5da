import crypto from "node:crypto";
import path from "node:path";
import type { Readable } from "node:stream";
import { checkKey, checkPrefix, ObjectNotFoundError, PARTIAL_SUFFIX, type ByteRange, type LocalFile, type ProbeResult, type PutFileOptions, type SpaceFigures, type StorageBackend, type StoredObject } from "../backend";
import { probeBackend } from "../probe";
import { isReservedKey, type RemotePutOptions } from "../remote/meter";
import { SFTP_FAILURE, SFTP_NO_SUCH_FILE, sftpError } from "./errors";
import { mkdirs, statvfsUp, walk } from "./fs-ops";
import { sftpPut, sftpPutFile, type SftpPutTarget } from "./put";
import { call, openSession, type SftpSession } from "./session";
import { sftpWhere, type SftpSettings } from "./settings";

/** An idle connection is closed after this long (it would keep the console's event loop busy). */
const IDLE_MS = 10_000;

const isMissing = (e: unknown) => (e as { code?: number })?.code === SFTP_NO_SUCH_FILE;

/**
 * A folder on an SSH server. Objects are files under the folder at their key; a put writes
 * `<file>.partial` and renames it, as the local folder does. One connection per backend, opened
 * when needed, reused, closed when idle, opened again after a drop.
 */
export class SftpBackend implements StorageBackend {
  readonly kind = "sftp";
  readonly where: string;
  private session: Promise<SftpSession> | null = null;
  private busy = 0;
  private idle: NodeJS.Timeout | null = null;

  constructor(private readonly s: SftpSettings) {
    this.where = sftpWhere(s);
  }

  private err(what: string, e: unknown): Error {
    return sftpError(what, e, `${this.s.host}:${this.s.port}`);
  }

  close(): void {
    void this.session?.then((s) => s.client.end()).catch(() => {});
    this.session = null;
  }

  private fileOf(key: string): string {
    return path.posix.join(this.s.path, checkKey(key));
  }

  /** The live session, or a new one. */
  private connect = async (): Promise<SftpSession> => {
    if (this.session) {
      const s = await this.session.catch(() => null);
      if (s && !s.closed) return s;
      this.session = null;
    }
    this.session = openSession(this.s, `${this.s.host}:${this.s.port}`);
    this.session.catch(() => (this.session = null));
    return this.session;
  };

  /** Run `fn` on a session, keeping it open meanwhile; errors come back in words. */
  private async use<T>(what: string, fn: (s: SftpSession) => Promise<T>): Promise<T> {
    this.hold();
    try {
      const s = await this.connect();
      // A request sent just as the connection drops is never answered by ssh2: stop waiting then.
      return await s.whileConnected(fn(s));
    } catch (e) {
      throw e instanceof ObjectNotFoundError ? e : this.err(what, e);
    } finally {
      this.release();
    }
  }

  private hold(): void {
    this.busy++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private release(): void {
    if (--this.busy > 0) return;
    this.idle = setTimeout(() => {
      const s = this.session;
      this.session = null;
      s?.then((x) => x.client.end()).catch(() => {});
    }, IDLE_MS);
    this.idle.unref();
  }

  private putTarget(key: string): SftpPutTarget {
    return { key, file: this.fileOf(key), connect: this.connect, mkdirs: (s: SftpSession, dir: string) => mkdirs(s, this.s.path, dir), describe: (w: string, e: unknown) => this.err(w, e), explain: (e: Error) => this.fullDisk(key, e) };
  }

  async put(key: string, body: Readable, opts: RemotePutOptions = {}): Promise<{ size: number }> {
    const target = this.putTarget(key);
    this.hold();
    try {
      return await sftpPut(target, body, opts);
    } finally {
      this.release();
    }
  }

  async putFile(key: string, file: LocalFile, opts: PutFileOptions = {}): Promise<{ size: number; sha256: string }> {
    const target = this.putTarget(key);
    this.hold();
    try {
      return await sftpPutFile(target, file, opts);
    } finally {
      this.release();
    }
  }

  /**
   * OpenSSH answers a write to a full disk with a bare "Failure" (SSH_FX_FAILURE): when free space
   * is (nearly) gone, say so instead.
   */
  private async fullDisk(key: string, e: Error): Promise<Error> {
    if ((e as { cause?: { code?: unknown } })?.cause?.code !== SFTP_FAILURE) return e;
    const space = await this.freeSpace().catch(() => null);
    if (!space || space.free >= 1 << 20) return e;
    return new Error(`SFTP upload of ${key}: full: the server's disk has ${space.free} bytes free (${e.message})`, { cause: e });
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    if (range && (!(range.start >= 0) || (range.end != null && range.end < range.start))) throw new RangeError(`Bad byte range ${JSON.stringify(range)}`);
    const file = this.fileOf(key);
    this.hold();
    try {
      const s = await this.connect();
      const st = await call<{ isFile(): boolean }>((cb) => s.sftp.stat(file, cb)).catch((e) => {
        if (isMissing(e)) return null;
        throw e;
      });
      if (!st?.isFile()) throw new ObjectNotFoundError(key, this.where);
      const stream = s.sftp.createReadStream(file, { start: range?.start ?? 0, end: range?.end, highWaterMark: 256 * 1024 });
      this.hold();
      stream.once("close", () => this.release());
      return stream;
    } catch (e) {
      throw e instanceof ObjectNotFoundError ? e : this.err(`SFTP read of ${key}`, e);
    } finally {
      this.release();
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.fileOf(key);
    return this.use(`SFTP stat of ${key}`, async (s) => {
      try {
        const st = await call<{ isFile(): boolean; size: number; mtime: number }>((cb) => s.sftp.stat(file, cb));
        return st.isFile() ? { key, size: st.size, mtime: new Date(st.mtime * 1000) } : null;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    });
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    const cut = prefix.lastIndexOf("/");
    const dirKey = cut >= 0 ? prefix.slice(0, cut) : "";
    // Gathered first: a listing holds the connection only while it reads the folders.
    const found = await this.use(`SFTP listing of ${prefix || "everything"}`, (s) => walk(s, this.s.path, dirKey, prefix));
    for (const o of found) if (!o.key.endsWith(PARTIAL_SUFFIX) && !isReservedKey(o.key)) yield o;
  }

  async delete(key: string): Promise<void> {
    return this.remove(this.fileOf(key), `SFTP delete of ${key}`);
  }

  async discardIncomplete(key: string): Promise<void> {
    return this.remove(this.fileOf(key) + PARTIAL_SUFFIX, `SFTP removal of an unfinished upload of ${key}`);
  }

  private remove(file: string, what: string): Promise<void> {
    return this.use(what, async (s) => {
      await call((cb) => s.sftp.unlink(file, cb)).catch((e) => {
        if (!isMissing(e)) throw e;
      });
    });
  }

  /** statvfs@openssh.com where offered (the folder, or its nearest existing parent); null otherwise. */
  freeSpace(): Promise<SpaceFigures | null> {
    return this.use("SFTP free space", (s) => statvfsUp(s, this.s.path));
  }

  async probe(): Promise<ProbeResult> {
    const started = performance.now();
    try {
      await this.use(`SFTP ${this.where}`, (s) => mkdirs(s, this.s.path, this.s.path));
    } catch (e) {
      return { ok: false, stage: "connect", error: (e as Error).message };
    }
    const r = await probeBackend(this, `.lifeboat-probe-${crypto.randomUUID()}`);
    return r.ok ? { ok: true, latencyMs: Math.round(performance.now() - started) } : r;
  }
}
