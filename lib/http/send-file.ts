import fs from "node:fs";
import { Readable } from "node:stream";
import { parseRange } from "./range";

export interface SendFileOptions {
  /** A file on this machine, or `open` + `mtime` (an artifact read through its storage backend). */
  absPath?: string;
  open?: (range?: { start: number; end?: number }) => Promise<Readable>;
  mtime?: Date;
  size: number;
  fileName: string;
  contentType?: string;
  /** "attachment" (default) saves the file; "inline" shows it (logs). */
  disposition?: "attachment" | "inline";
  /** Extra response headers (e.g. cache policy). */
  headers?: Record<string, string>;
}

/** Content-Disposition with an ASCII fallback and the exact (UTF-8) name for browsers that read it. */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

function etagOf(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/**
 * Stream a file as the response, never buffering it: full (200), one range (206) so downloads
 * can resume, or 416 when the range lies outside the file. HEAD gets the headers only.
 * The caller has already checked permission and resolved `absPath` itself (never from the request).
 */
export async function sendFile(request: Request, opts: SendFileOptions): Promise<Response> {
  const { absPath, size, fileName } = opts;
  const mtime = opts.open ? (opts.mtime ?? new Date(0)) : (await fs.promises.stat(absPath!)).mtime;
  const stat = { mtime, mtimeMs: mtime.getTime() };
  const etag = etagOf(size, stat.mtimeMs);
  const headers = new Headers({
    "Content-Type": opts.contentType ?? "application/octet-stream",
    "Content-Disposition": contentDisposition(opts.disposition ?? "attachment", fileName),
    "Accept-Ranges": "bytes",
    "Last-Modified": stat.mtime.toUTCString(),
    ETag: etag,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    ...opts.headers,
  });

  // If-Range: resume only if the file is still the one the client started with.
  const ifRange = request.headers.get("if-range");
  const rangeAllowed = !ifRange || ifRange === etag || ifRange === stat.mtime.toUTCString();
  const range = rangeAllowed ? parseRange(request.headers.get("range"), size) : null;

  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.set("Content-Length", "0");
    return new Response(null, { status: 416, headers });
  }

  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;

  if (request.method === "HEAD" || length === 0) return new Response(null, { status, headers });
  const nodeStream = opts.open ? await opts.open({ start, end }) : fs.createReadStream(absPath!, { start, end, highWaterMark: 256 * 1024 });
  // Readable.toWeb propagates a client abort (stream cancel) to the file stream, closing the fd.
  const body = Readable.toWeb(nodeStream) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}
