import { PayloadTooLargeError, ValidationError } from "../errors";
import { JSON_MAX_DEPTH, textDepthExceeds } from "../json/depth";
import { formatLimit } from "../ui/units";

/** Default cap of a JSON request body: far above any real request, far below a memory problem. */
export const JSON_BODY_MAX_BYTES = 1024 * 1024;

export interface ReadJsonOptions {
  /** Bytes of body accepted before answering 413 (default 1 MiB). */
  maxBytes?: number;
  /** Nesting depth of objects/arrays accepted before answering 400 (default 32). */
  maxDepth?: number;
}

function tooLarge(max: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than ${formatLimit(max)}`);
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Read a whole body of at most `max` bytes as a stream. A declared Content-Length over the cap is
 * refused before reading; otherwise reading stops (and the stream is cancelled) at the first
 * byte past the cap, so a 600 MB body costs ~1 MiB of memory and no time.
 */
export async function readBodyLimited(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(max);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) throw tooLarge(max);
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return join(chunks, size);
}

/**
 * The one JSON body reader of the API: capped (413), depth-limited (400), not-JSON (400).
 * An empty body reads as {} (the endpoints whose fields are all optional).
 */
export async function readJsonBody(request: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  const bytes = await readBodyLimited(request, options.maxBytes ?? JSON_BODY_MAX_BYTES);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return {};
  const maxDepth = options.maxDepth ?? JSON_MAX_DEPTH;
  if (textDepthExceeds(text, maxDepth)) {
    throw new ValidationError(`body: the JSON is nested deeper than ${maxDepth} levels`, { body: `Nested deeper than ${maxDepth} levels` });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("body: the request body is not valid JSON", { body: "Not valid JSON" });
  }
}

/**
 * Read at most `max` bytes of a request body and drop the rest unread (a ping with a huge log
 * keeps its first 100 KB, like healthchecks.io). Returns the bytes kept.
 */
export async function readBodyCapped(request: Request, max: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = max - size;
      const part = value.length > room ? value.subarray(0, room) : value;
      chunks.push(part);
      size += part.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return join(chunks, size);
}
