import { isSecretParam } from "../../audit/redact";

/**
 * The secrets of a connection URL: the password in `user:pass@` and every secret-bearing query
 * parameter (libpq's `password`/`sslpassword`, the `?password=` some MySQL and Redis clients
 * accept). Stored and shown, each is replaced by the mask; the real values are sealed apart.
 * The query is rewritten pair by pair, never re-serialised, so the other parameters keep their
 * exact bytes (URLSearchParams would turn `%20` into `+`, which libpq does not read as a space).
 */
export const MASK = "***";

export interface UrlSecret {
  password?: string;
  params?: Record<string, string>;
}

interface Pair {
  raw: string;
  rawName: string;
  name: string;
  value: string | null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function pairs(search: string): Pair[] {
  return search
    .replace(/^\?/, "")
    .split("&")
    .filter(Boolean)
    .map((raw) => {
      const eq = raw.indexOf("=");
      const rawName = eq < 0 ? raw : raw.slice(0, eq);
      return { raw, rawName, name: decode(rawName).toLowerCase(), value: eq < 0 ? null : decode(raw.slice(eq + 1)) };
    });
}

const isMask = (v: string) => v === MASK || v === encodeURIComponent(MASK);

/**
 * Split a URL into its stored form (secrets masked) and its secrets. A part given as the mask
 * ("keep it") takes its value from `kept`, the stored secret; a mask with nothing kept is dropped.
 */
export function splitUrlSecret(url: string, kept: UrlSecret | null = null): { url: string; secret: UrlSecret | null } {
  const u = new URL(url);
  const secret: UrlSecret = {};
  if (u.password) {
    const pw = decode(u.password);
    if (!isMask(u.password) && pw) secret.password = pw;
    else if (kept?.password) secret.password = kept.password;
    u.password = secret.password ? MASK : "";
  }
  const params: Record<string, string> = {};
  const query: string[] = [];
  for (const p of pairs(u.search)) {
    if (!isSecretParam(p.name) || !p.value) {
      query.push(p.raw);
      continue;
    }
    const value = isMask(p.value) ? kept?.params?.[p.name] : p.value;
    if (value === undefined) continue;
    params[p.name] = value;
    query.push(`${p.rawName}=${MASK}`);
  }
  u.search = query.length ? `?${query.join("&")}` : "";
  if (Object.keys(params).length) secret.params = params;
  return { url: u.toString(), secret: secret.password || secret.params ? secret : null };
}

/** The URL with the real secrets put back (server side only, for the drivers). */
export function withUrlSecret(maskedUrl: string, secret: UrlSecret | null | undefined): string {
  const u = new URL(maskedUrl);
  if (secret?.password) u.password = encodeURIComponent(secret.password);
  else if (isMask(u.password)) u.password = "";
  const query: string[] = [];
  for (const p of pairs(u.search)) {
    if (!isSecretParam(p.name) || p.value === null || !isMask(p.value)) query.push(p.raw);
    else if (secret?.params?.[p.name] !== undefined) query.push(`${p.rawName}=${encodeURIComponent(secret.params[p.name]!)}`);
  }
  u.search = query.length ? `?${query.join("&")}` : "";
  return u.toString();
}

/** The URL without any secret (for a tool's argv: the password travels in the environment). */
export function urlWithoutSecrets(url: string): string {
  const u = new URL(url);
  u.password = "";
  const query = pairs(u.search).filter((p) => !isSecretParam(p.name));
  u.search = query.length ? `?${query.map((p) => p.raw).join("&")}` : "";
  return u.toString();
}

/** Every secret value in a URL: the password and each secret parameter (to mask in logs). */
export function urlSecretValues(url: string): string[] {
  const { secret } = splitUrlSecret(url);
  return [secret?.password, ...Object.values(secret?.params ?? {})].filter((v): v is string => Boolean(v));
}

/** The password a client should use: the URL's own, else a `?password=` parameter. */
export function urlPassword(url: string): string | undefined {
  const { secret } = splitUrlSecret(url);
  return secret?.password ?? secret?.params?.password;
}
