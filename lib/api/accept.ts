/**
 * Does the request's Accept header allow JSON? No header, `*\/*`, `application/*` and
 * `application/json` do, unless given q=0 (RFC 9110 §12.5.1).
 */
export function acceptsJson(request: Request): boolean {
  const header = request.headers.get("accept");
  if (!header || !header.trim()) return true;
  return header.split(",").some((part) => {
    const [range, ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) return false;
    return range === "*/*" || range === "application/*" || range === "application/json";
  });
}
