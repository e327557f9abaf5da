import type { TargetType } from "../../db/schema";
import { MASK, optionLikeMessage, sourceSchemas } from "./source";

type DbType = "postgres" | "mysql" | "redis";
export const DB_TYPES: readonly TargetType[] = ["postgres", "mysql", "redis"];
export const isDbType = (t: TargetType): t is DbType => DB_TYPES.includes(t);

const SCHEME: Record<DbType, string> = { postgres: "postgres", mysql: "mysql", redis: "redis" };
const HOST_RE = /^([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/;

const str = (v: unknown) => (v == null ? "" : String(v).trim());

/**
 * A database connection given as separate fields (host/port/user/password/database, as the form
 * offers) becomes one URL. An empty password becomes the mask, which means "keep the stored one".
 */
export function connectionUrlFromFields(type: DbType, f: Record<string, unknown>, errors: Record<string, string>): string | null {
  const host = str(f.host);
  const port = str(f.port);
  const user = str(f.user);
  const password = f.password == null ? "" : String(f.password);
  const database = str(f.database);
  if (!host) errors["source.host"] = "Enter the host";
  else if (host.startsWith("-")) errors["source.host"] = optionLikeMessage("host");
  else if (!HOST_RE.test(host)) errors["source.host"] = "Enter a host name or IP address";
  if (port && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) errors["source.port"] = "Enter a port number (1-65535)";
  if (type !== "redis" && !database) errors["source.database"] = "Enter the database name";
  if (type === "redis" && database && !/^\d+$/.test(database)) errors["source.database"] = "A Redis database is a number (0-15)";
  for (const [key, what, v] of [["source.user", "user name", user], ["source.database", "database name", database]] as const) {
    if (v.startsWith("-")) errors[key] ??= optionLikeMessage(what);
  }
  if (errors["source.host"] || errors["source.port"] || errors["source.database"] || errors["source.user"]) return null;
  const auth = user || password || type !== "redis" ? `${encodeURIComponent(user)}:${password ? encodeURIComponent(password) : MASK}@` : `:${MASK}@`;
  const db = database ? `/${encodeURIComponent(database)}` : "";
  return `${SCHEME[type]}://${auth}${host}${port ? `:${port}` : ""}${db}`;
}

/**
 * Check a source for its type; errors are keyed like `source.path`. Returns the parsed source
 * (unknown keys dropped), or null when it has errors.
 */
export function parseSource(type: TargetType, raw: Record<string, unknown>, errors: Record<string, string>): Record<string, unknown> | null {
  let input: Record<string, unknown> = raw;
  if (isDbType(type) && (raw.url == null || str(raw.url) === "") && ["host", "port", "user", "password", "database"].some((k) => k in raw)) {
    const url = connectionUrlFromFields(type, raw, errors);
    if (!url) return null;
    input = { url, restoreUser: raw.restoreUser, restorePassword: raw.restorePassword };
  }
  const parsed = sourceSchemas[type].safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ["source", ...issue.path.map(String)].join(".");
      // A missing key gets zod's generic message; say what to enter instead.
      errors[key] ??= issue.code === "invalid_type" ? `Enter the ${String(issue.path.at(-1) ?? "source")}` : issue.message;
    }
    return null;
  }
  return parsed.data as Record<string, unknown>;
}
