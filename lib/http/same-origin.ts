import { ForbiddenError } from "../errors";
import { env } from "../env";

/**
 * A cookie rides along with a request another page makes, even from another subdomain of the
 * same site (SameSite=Lax is per site, not per origin). A state-changing route handler that
 * trusts the cookie therefore also checks where the request came from: `Sec-Fetch-Site` must be
 * same-origin (or none: typed or bookmarked), and `Origin`, when sent, must name this console
 * (LIFEBOAT_PUBLIC_URL, or the Host / X-Forwarded-Host the request arrived with — a page on
 * another origin cannot set those). Server actions get the same check from Next.js itself.
 */
function ownHosts(request: Request): string[] {
  const hosts: string[] = [];
  const publicUrl = env().LIFEBOAT_PUBLIC_URL;
  if (publicUrl) hosts.push(new URL(publicUrl).host);
  for (const h of [request.headers.get("x-forwarded-host"), request.headers.get("host")]) {
    if (h) hosts.push(...h.split(",").map((s) => s.trim().toLowerCase()));
  }
  return hosts;
}

export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  let sameOrigin = site === null || site === "same-origin" || site === "none";
  if (sameOrigin && origin !== null) {
    let host: string | null = null;
    try {
      host = origin === "null" ? null : new URL(origin).host.toLowerCase();
    } catch {
      host = null;
    }
    sameOrigin = host !== null && ownHosts(request).includes(host);
  }
  if (!sameOrigin) throw new ForbiddenError("Refused: this request came from another site or page, not from the console's own pages");
}
