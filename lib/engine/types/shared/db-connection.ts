import { MASK } from "../../targets/url-secrets";
import { optionLikeMessage } from "./db-url";

type DbType = "postgres" | "mysql" | "redis";
const HOST_RE = /^([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/;
const PARTS = ["host", "port", "user", "password", "database"];

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

const SCHEME: Record<DbType, string> = { postgres: "postgres", mysql: "mysql", redis: "redis" };

/**
 * The type module's `fromFields`: when no URL is given but separate fields are, they become the
 * URL (the restricted restore login, when the type has one, goes along).
 */
export function dbFromFields(type: DbType) {
  return (raw: Record<string, unknown>, errors: Record<string, string>): Record<string, unknown> | null => {
    if (!(raw.url == null || str(raw.url) === "") || !PARTS.some((k) => k in raw)) return raw;
    const url = connectionUrlFromFields(type, raw, errors);
    if (!url) return null;
    return { url, restoreUser: raw.restoreUser, restorePassword: raw.restorePassword };
  };
}
