const ORIGIN = "http://lifeboat.invalid";

/**
 * Where to go after signing in: a path on this console, never another site. Browsers read
 * "//host" and "/\host" as protocol-relative URLs, so both (and any backslash or control
 * character that could hide them) fall back to "/".
 */
export function safeNextPath(next: unknown): string {
  const s = typeof next === "string" ? next : "";
  if (!s.startsWith("/") || s.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(s)) return "/";
  try {
    if (new URL(s, ORIGIN).origin !== ORIGIN) return "/";
  } catch {
    return "/";
  }
  return s;
}
