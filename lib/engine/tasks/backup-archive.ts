import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Pack } from "tar-stream";
import { ARTIFACT_FORMAT, FORMAT_VERSION, type ArchiveSummary, type Manifest } from "../archive/manifest";
import { addEntry, streamFileEntry } from "../archive/pack-entry";
import { packTree } from "../archive/pack-tree";
import { excludeMatcher, scanTree } from "../archive/tree-walk";
import type { Payload } from "../types/backup-types";

export interface ManifestBase {
  runId: number;
  app: string;
  target: string;
  targetId: number;
  type: Manifest["type"];
  compression: Manifest["compression"];
  source: Record<string, unknown>;
  startedAt: Date;
}

export interface PayloadCallbacks {
  progress: (bytes: number, total: number | null) => void;
  warn: (msg: string) => void;
  notice: (msg: string) => void;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + "\n");

/**
 * Fill the tar: manifest.json first, then the payload. Dumps are already spooled (their size and
 * counts are known); folders are pre-scanned for counts, streamed, and closed by summary.json.
 * Returns the manifest as written (for the run row).
 */
export async function fillArchive(pack: Pack, base: ManifestBase, payload: Payload, signal: AbortSignal, cb: PayloadCallbacks): Promise<Manifest> {
  const head = {
    format: ARTIFACT_FORMAT,
    formatVersion: FORMAT_VERSION,
    runId: base.runId,
    app: base.app,
    target: base.target,
    targetId: base.targetId,
    type: base.type,
    compression: base.compression,
    source: base.source,
    tool: payload.tool,
    server: payload.server,
    startedAt: base.startedAt.toISOString(),
  } as const;
  const mtime = new Date();
  if (payload.kind === "file") {
    const size = (await fsp.stat(payload.path)).size;
    const manifest: Manifest = {
      ...head,
      finishedAt: payload.finishedAt.toISOString(),
      payload: {
        name: payload.name,
        sizeBytes: size,
        ...(payload.tables ? { tables: payload.tables } : {}),
        ...(payload.keys != null ? { keys: payload.keys } : {}),
      },
    };
    await addEntry(pack, { name: "manifest.json", mode: 0o644, mtime }, json(manifest));
    const fh = await fsp.open(payload.path, "r");
    try {
      let done = 0;
      const readAt = async (buf: Buffer, len: number, pos: number) => (await fh.read(buf, 0, len, pos)).bytesRead;
      const { read } = await streamFileEntry(pack, { name: payload.name, size, mode: 0o644, mtime: payload.finishedAt }, readAt, signal, (n) => {
        done += n;
        cb.progress(done, size);
      });
      if (read !== size) throw new Error(`the spooled dump changed size while archived (${size} → ${read})`);
    } finally {
      await fh.close();
    }
    return manifest;
  }

  const excluded = excludeMatcher(payload.excludes);
  const scan = await scanTree(payload.root, excluded);
  cb.progress(0, scan.bytes);
  const manifest: Manifest = {
    ...head,
    finishedAt: new Date().toISOString(),
    payload: { name: "files/", sizeBytes: scan.bytes, fileCount: scan.fileCount },
  };
  await addEntry(pack, { name: "manifest.json", mode: 0o644, mtime }, json(manifest));
  const warnings: string[] = [];
  let done = 0;
  const result = await packTree(pack, {
    root: payload.root,
    prefix: "files/",
    excluded,
    signal,
    onBytes: (n) => {
      done += n;
      cb.progress(done, Math.max(scan.bytes, done));
    },
    onWarning: (m) => {
      if (warnings.length < 1000) warnings.push(m);
      cb.warn(m);
    },
    onNotice: cb.notice,
    walked: scan.walked,
  });
  const summary: ArchiveSummary = { fileCount: result.fileCount, bytes: result.bytes, warnings, finishedAt: new Date().toISOString() };
  await addEntry(pack, { name: "summary.json", mode: 0o644, mtime: new Date() }, json(summary));
  return manifest;
}

export function removeQuietly(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}
