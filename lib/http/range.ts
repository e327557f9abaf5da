/** A parsed byte range, inclusive at both ends (as in Content-Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parse a Range header for a file of `size` bytes (RFC 9110 §14.1.2).
 * - null: no header, a malformed one, or several ranges → serve the whole file (servers may ignore Range);
 * - "unsatisfiable": well-formed but outside the file → 416;
 * - a range, with the end clamped to the last byte.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Multipart (several ranges) responses are rarely needed for downloads; the whole file is a valid answer.
  if (!m) return null;
  const [, a, b] = m;
  if (a === "" && b === "") return null;
  if (a === "") {
    // Suffix range: the last N bytes.
    const n = Number(b);
    if (!Number.isSafeInteger(n)) return null;
    if (n === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? Number.MAX_SAFE_INTEGER : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (end < start) return null; // invalid range-spec: ignored, not 416
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}
