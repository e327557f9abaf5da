import fs from "node:fs";
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { trackedExeca } from "../process/process-registry";
import tar from "tar-stream";
import { z } from "zod";
import { textDepthExceeds } from "../../json/depth";

/**
 * Reading Lifeboat artifacts (see lib/engine/archive/FORMAT.md): a tar, optionally zstd or gzip
 * compressed, whose first entry is manifest.json. Everything streams: a 100 GB folder artifact is
 * walked without holding more than one tar block in memory.
 */

export type ArtifactCompression = "zstd" | "gzip" | "none";

/**
 * A payload is one plain entry ("database.dump") or one folder ("files/"): never a path. Which
 * names a type writes is its module's business (lib/engine/types/<type>/index.ts, payloadNames);
 * the restore, preview and test-restore code refuse names no type claims.
 */
const PAYLOAD_NAME = /^[a-z0-9][a-z0-9._-]{0,62}\/?$/;

export const manifestSchema = z
  .object({
    format: z.literal("lifeboat-artifact"),
    formatVersion: z.literal(1),
    runId: z.number().int().nullable().optional(),
    app: z.string(),
    target: z.string(),
    targetId: z.number().int().nullable().optional(),
    type: z.string(),
    compression: z.string().optional(),
    startedAt: z.string().nullable().optional(),
    finishedAt: z.string().nullable().optional(),
    payload: z
      .object({
        name: z.string().regex(PAYLOAD_NAME, "not a payload name"),
        sizeBytes: z.number().nullable().optional(),
        fileCount: z.number().nullable().optional(),
        tables: z
          .array(z.object({ schema: z.string().nullable().optional(), name: z.string(), rows: z.number().nullable().optional() }).passthrough())
          .nullable()
          .optional(),
        keys: z.number().nullable().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type ArtifactManifest = z.infer<typeof manifestSchema>;

export class ArtifactReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactReadError";
  }
}

/** By magic bytes, not by file name: an uploaded file may be named anything. */
export async function detectCompression(file: string): Promise<ArtifactCompression> {
  const fh = await fs.promises.open(file, "r");
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) return "zstd";
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return "gzip";
    return "none";
  } finally {
    await fh.close();
  }
}

interface Decompressed {
  stream: Readable;
  /** Stop early (kills the zstd process); safe to call twice. */
  close(): void;
  /** Resolves when the decompressor ended cleanly; rejects with its error. */
  done: Promise<void>;
}

async function openDecompressed(file: string): Promise<Decompressed> {
  const kind = await detectCompression(file);
  if (kind === "zstd") {
    // zstd CLI: Node 20's zlib has no zstd. -q keeps progress noise out of stderr.
    const child = trackedExeca("zstd", ["-dcq", "--", file], { stdout: "pipe", stderr: "pipe", buffer: { stdout: false, stderr: true }, reject: false });
    let closed = false;
    const done = child.then((r) => {
      if (closed) return;
      if (r.failed) {
        const msg = typeof r.stderr === "string" && r.stderr.trim() ? r.stderr.trim().split("\n").pop() : r.shortMessage;
        throw new ArtifactReadError(`The artifact cannot be decompressed (zstd: ${msg})`);
      }
    });
    return {
      stream: child.stdout!,
      close() {
        closed = true;
        child.kill("SIGKILL");
      },
      done,
    };
  }
  const raw = fs.createReadStream(file);
  if (kind === "gzip") {
    const gunzip = zlib.createGunzip();
    let failure: Error | null = null;
    const ended = new Promise<void>((resolve, reject) => {
      gunzip.on("end", resolve);
      gunzip.on("error", (e) => reject(new ArtifactReadError(`The artifact cannot be decompressed (gzip: ${e.message})`)));
      gunzip.on("close", () => (failure ? reject(failure) : resolve()));
    });
    raw.on("error", (e) => gunzip.destroy((failure = e)));
    raw.pipe(gunzip);
    return {
      stream: gunzip,
      close() {
        raw.destroy();
        gunzip.destroy();
      },
      done: ended,
    };
  }
  return { stream: raw, close: () => raw.destroy(), done: new Promise((r) => raw.on("close", r)) };
}

export interface EntryInfo {
  name: string;
  type: tar.Header["type"];
  size: number;
  mode: number | undefined;
  mtime: Date | undefined;
  linkname: string | null | undefined;
  uid: number | undefined;
  gid: number | undefined;
}

/** What a visitor says after an entry: keep walking, or stop here (the rest is not read). */
export type Visit = void | "stop";

/**
 * Walk the artifact's tar entries in order. The visitor must consume or ignore the entry stream
 * (an ignored stream is drained here). Throws ArtifactReadError when the archive is damaged.
 */
export async function walkArtifact(
  file: string,
  visit: (entry: EntryInfo, body: Readable) => Promise<Visit> | Visit,
  signal?: AbortSignal,
): Promise<void> {
  const src = await openDecompressed(file);
  const extract = tar.extract();
  const onAbort = () => {
    src.close();
    extract.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  src.stream.on("error", (e) => extract.destroy(e));
  src.stream.pipe(extract);
  let stopped = false;
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const info: EntryInfo = { name: h.name, type: h.type, size: h.size ?? 0, mode: h.mode, mtime: h.mtime, linkname: h.linkname, uid: h.uid, gid: h.gid };
      const body = entry as unknown as Readable;
      const result = await visit(info, body);
      if (!body.readableEnded) body.resume();
      if (result === "stop") {
        stopped = true;
        break;
      }
    }
  } catch (e) {
    src.close();
    await src.done.catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    if (e instanceof ArtifactReadError) throw e;
    // The decompressor's own message says more than tar-stream's "unexpected end of data".
    const dec = await src.done.then(() => null, (d: Error) => d);
    if (dec) throw dec;
    // The visitor's own failures (a refused entry, a full disk) are not a damaged archive: they
    // keep their message. tar-stream reports broken archives with plain Errors without a code.
    if (!isArchiveError(e)) throw e;
    throw new ArtifactReadError(`The artifact is damaged or not a tar archive (${(e as Error).message})`);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (stopped) {
    src.close();
    extract.destroy();
    return;
  }
  await src.done;
}

/** A plain Error without a system code: what tar-stream throws for a truncated or garbled tar. */
function isArchiveError(e: unknown): boolean {
  return e instanceof Error && e.constructor === Error && typeof (e as NodeJS.ErrnoException).code !== "string";
}

/** A small stream read whole; more than `max` bytes stops it and throws `tooBig()`. */
export async function readAll(body: Readable, max: number, tooBig: () => Error = () => new ArtifactReadError("manifest.json is larger than expected")): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > max) throw tooBig(); // leaving the loop destroys the stream
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts);
}

/** manifest.json, which must be the first entry; validated against the format. */
export async function readManifest(file: string): Promise<ArtifactManifest> {
  let raw: Buffer | null = null;
  let firstName: string | null = null;
  await walkArtifact(file, async (entry, body) => {
    firstName = entry.name;
    if (entry.name === "manifest.json" || entry.name === "./manifest.json") raw = await readAll(body, 16 * 1024 * 1024);
    return "stop" as const;
  });
  if (!raw) {
    throw new ArtifactReadError(
      firstName ? `Not a Lifeboat artifact: its first entry is "${firstName}", not manifest.json` : "Not a Lifeboat artifact: the archive is empty",
    );
  }
  return parseManifest((raw as Buffer).toString("utf8"));
}

export function parseManifest(text: string): ArtifactManifest {
  let json: unknown;
  // A manifest nested thousands deep parses, then overflows the stack wherever it is walked.
  if (textDepthExceeds(text, 64)) throw new ArtifactReadError("Not a Lifeboat artifact: manifest.json is nested too deeply");
  try {
    json = JSON.parse(text);
  } catch {
    throw new ArtifactReadError("Not a Lifeboat artifact: manifest.json is not valid JSON");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArtifactReadError(`Not a Lifeboat artifact: manifest.json ${issue.path.join(".") || "root"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Normalise an entry name ("./files/a" → "files/a"). */
export function entryName(name: string): string {
  return name.replace(/^\.\/+/, "");
}

/** Stream one entry (e.g. "database.dump") into a file; throws if the entry is absent. */
export async function extractEntryToFile(file: string, name: string, dest: string, signal?: AbortSignal): Promise<number> {
  let size = -1;
  await walkArtifact(
    file,
    async (entry, body) => {
      if (entryName(entry.name) !== name) return;
      await pipeline(body, fs.createWriteStream(dest, { mode: 0o600 }));
      size = entry.size;
      return "stop" as const;
    },
    signal,
  );
  if (size < 0) throw new ArtifactReadError(`The artifact has no "${name}" entry`);
  return size;
}

/**
 * Pipe one entry into a writable (a tool's stdin), optionally through a transform. Resolves when
 * the entry has been written; throws if the entry is absent.
 */
export async function pipeEntryTo(
  file: string,
  name: string,
  sink: Writable,
  opts: { transform?: Transform; signal?: AbortSignal } = {},
): Promise<number> {
  let size = -1;
  await walkArtifact(
    file,
    async (entry, body) => {
      if (entryName(entry.name) !== name) return;
      if (opts.transform) await pipeline(body, opts.transform, sink);
      else await pipeline(body, sink);
      size = entry.size;
      return "stop" as const;
    },
    opts.signal,
  );
  if (size < 0) throw new ArtifactReadError(`The artifact has no "${name}" entry`);
  return size;
}

/** Every entry name and size, for listings (folders) and integrity checks (reads the whole file). */
export async function listEntries(file: string, onEntry: (e: EntryInfo) => void, signal?: AbortSignal): Promise<void> {
  await walkArtifact(file, (e) => onEntry(e), signal);
}
