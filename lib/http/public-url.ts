import { env } from "../env";

/** Where notification links point when nothing else is known (the README's default port). */
export const FALLBACK_PUBLIC_URL = "http://localhost:3000";

const trim = (u: string) => u.replace(/\/+$/, "");

/** The origin the browser used for this request (behind a proxy: its X-Forwarded-* headers). */
export function requestOrigin(h: Headers): string | null {
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host");
  if (!host) return null;
  const proto =
    h.get("x-forwarded-proto")?.split(",")[0]?.trim() || (host.startsWith("localhost") || host.startsWith("127.") || host.startsWith("[::1]") ? "http" : "https");
  return `${proto}://${host}`;
}

/** The console's external URL: LIFEBOAT_PUBLIC_URL when set, else the request's origin, else the fallback. */
export function publicBaseUrl(h?: Headers | null): string {
  const configured = env().LIFEBOAT_PUBLIC_URL;
  if (configured) return trim(configured);
  const origin = h ? requestOrigin(h) : null;
  return origin ? trim(origin) : FALLBACK_PUBLIC_URL;
}

/**
 * What Settings warns about: notifications sent in the background link to `linkBase`; when that
 * is not where the admin is looking at the console from, the links lead nowhere for them.
 */
export function publicUrlMismatch(h: Headers): { configured: string | null; linkBase: string; seen: string } | null {
  const seen = requestOrigin(h);
  if (!seen) return null;
  const configured = env().LIFEBOAT_PUBLIC_URL ? trim(env().LIFEBOAT_PUBLIC_URL!) : null;
  const linkBase = configured ?? FALLBACK_PUBLIC_URL;
  return new URL(linkBase).origin === new URL(seen).origin ? null : { configured, linkBase, seen: trim(seen) };
}
