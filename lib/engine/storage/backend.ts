import type { Readable } from "node:stream";

/**
 * THE storage seam: where artifacts are kept. Every place that stores, reads, lists or deletes an
 * artifact goes through a backend picked by the run's storage location (locations.ts), never
 * through a path of its own. A backend is made by its kind's factory (registry.ts) from the
 * location row's settings and unsealed secrets.
 *
 * Keys are relative, `/`-separated object names (`shop/db/2025-03-05/shop-db-…-run42.tar.zst`),
 * checked by `checkKey`: no `..`, no empty or absolute parts. The same key names the same object
 * on every backend, so a location can be copied or moved by key.
 */
export interface StorageBackend {
  readonly kind: string;
  /** Where the objects live, for people and logs: a folder, `s3://bucket/prefix`, `sftp://host/dir`. */
  readonly where: string;
  /**
   * Store a stream under `key`, atomically: the object becomes visible (stat/open/list) only once
   * complete; an aborted, failed or killed put leaves nothing visible under `key` (leftovers of a
   * killed one are removed by `discardIncomplete`). An existing object is replaced. `size`, when
   * given, is checked against what was written. Resolves with the bytes written.
   */
  put(key: string, body: Readable, opts?: { signal?: AbortSignal; size?: number }): Promise<{ size: number }>;
  /**
   * Optional, remote backends: store a local file under `key` from positional reads of its open
   * descriptor, so parts can travel side by side and a failed one is sent again from the file, not
   * from a buffer of the whole stream (S3 multipart). Same visibility rules as `put`. The file is
   * hashed on the way; with `sha256` a different file fails the put before anything is visible.
   * Resolves with the bytes stored and the file's sha256.
   */
  putFile?(key: string, file: LocalFile, opts?: PutFileOptions): Promise<{ size: number; sha256: string }>;
  /** A stream of the object, or of `range` (inclusive `end`, open-ended without). Rejects with ObjectNotFoundError. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and modification time, or null when there is no such (complete) object. */
  stat(key: string): Promise<StoredObject | null>;
  /** Every complete object whose key starts with `prefix` ("" = all), in key order. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Remove the object; an absent one is fine. */
  delete(key: string): Promise<void>;
  /**
   * Remove what an interrupted put of `key` may have left (a `.partial` file, an S3 multipart
   * upload): called by start-up recovery for the runs a crash stopped.
   */
  discardIncomplete(key: string): Promise<void>;
  /** Free and total bytes where the objects go; null where the backend cannot know (S3). Rejects when unreachable. */
  freeSpace(): Promise<SpaceFigures | null>;
  /** Write, read back and delete a test object: the location's "Test" button. */
  probe(): Promise<ProbeResult>;
  /**
   * Local backends only: the file behind a key, for the fast paths (the archive writer writes the
   * artifact in place and renames it; restores read the file instead of a copy). Absent on remote
   * backends: those spool into scratch space and `put`, and restores fetch into scratch space.
   */
  localPath?(key: string): string;
  /** Drop open connections (a CLI command that ends; the console keeps them). The backend stays usable. */
  close?(): void;
}

/** An open local file for putFile: its descriptor (the caller opens and closes it) and size. */
export interface LocalFile {
  fd: number;
  size: number;
}

export interface PutFileOptions {
  signal?: AbortSignal;
  /** The sha256 the file must have (the run's), checked before the object becomes visible. */
  sha256?: string | null;
  /** Names the file in errors ("the artifact shop/db/…"). */
  what?: string;
}

/** A byte range, both ends inclusive as in HTTP's Content-Range; no `end` = to the end of the object. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface StoredObject {
  key: string;
  size: number;
  mtime: Date;
}

export interface SpaceFigures {
  free: number;
  total: number;
  /**
   * Names the device the bytes land on, when known: two locations on one disk share its free
   * space, so the forecast counts the disk once.
   */
  volume?: string;
}

export type ProbeStage = "connect" | "write" | "read" | "compare" | "delete";
export type ProbeResult = { ok: true; latencyMs: number } | { ok: false; error: string; stage: ProbeStage };

/** open() of a key with no complete object behind it. */
export class ObjectNotFoundError extends Error {
  readonly code = "ENOENT";
  constructor(readonly key: string, where: string) {
    super(`No object ${JSON.stringify(key)} in ${where}`);
    this.name = "ObjectNotFoundError";
  }
}

/** Suffix of objects being written; never a key of its own. */
export const PARTIAL_SUFFIX = ".partial";

/**
 * A key every backend accepts: relative, `/`-separated, no `.`/`..`/empty parts, no control
 * characters or backslashes, not an in-progress name. Throws with the reason otherwise.
 */
export function checkKey(key: string): string {
  const bad = (why: string) => new Error(`Invalid storage key ${JSON.stringify(key)}: ${why}`);
  if (typeof key !== "string" || key.length === 0) throw bad("empty");
  if (key.length > 1024) throw bad("longer than 1024 characters");
  if (/[\u0000-\u001f\u007f\\]/.test(key)) throw bad("control characters or backslashes");
  if (key.startsWith("/")) throw bad("absolute");
  for (const part of key.split("/")) {
    if (part === "" || part === "." || part === "..") throw bad("empty, . or .. parts");
  }
  if (key.endsWith(PARTIAL_SUFFIX)) throw bad(`ends with ${PARTIAL_SUFFIX}`);
  return key;
}

/** A prefix for list(): "" or a key-like start (it may end with "/" or in the middle of a name). */
export function checkPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  checkKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix.replace(/\.partial$/, "_"));
  return prefix;
}
