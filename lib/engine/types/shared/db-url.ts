import { z } from "zod";
import { MASK, urlPassword } from "../../targets/url-secrets";

/**
 * Database connection URLs (postgres, mysql, redis sources). A URL may carry a password (in
 * `user:pass@` or the query); it is split off into the sealed secret and the stored (and
 * returned) URL is masked: postgres://user:***@host:5432/db (targets/url-secrets.ts).
 */
const SCHEMES: Record<"postgres" | "mysql" | "redis", string[]> = {
  postgres: ["postgres:", "postgresql:"],
  mysql: ["mysql:", "mariadb:"],
  redis: ["redis:", "rediss:"],
};

export { MASK };

/** Names are handed to command-line tools: one starting with "-" would be read as an option. */
export function optionLikeMessage(what: string): string {
  return `The ${what} cannot start with "-" (a tool would read it as an option)`;
}

/**
 * libpq parameters that make the client read a file on the console's host for credentials
 * (passfile, a pg_service.conf). Refused rather than sealed: the path is not the secret, the
 * file's contents are, and an admin form must not make the console read its own files.
 */
const HOST_FILE_PARAMS = ["passfile", "service", "servicefile"];

export function dbUrl(type: "postgres" | "mysql" | "redis") {
  return z
    .string()
    .trim()
    .min(1, "Enter a connection URL")
    .superRefine((value, ctx) => {
      let u: URL;
      try {
        u = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `Not a valid URL (expected ${SCHEMES[type][0]}//user:pass@host:port/db)` });
        return;
      }
      if (!SCHEMES[type].includes(u.protocol)) {
        ctx.addIssue({ code: "custom", message: `The URL must start with ${SCHEMES[type].map((s) => s + "//").join(" or ")}` });
        return;
      }
      if (!u.hostname) ctx.addIssue({ code: "custom", message: "The URL has no host" });
      if (type !== "redis" && u.pathname.replace(/^\//, "") === "")
        ctx.addIssue({ code: "custom", message: "The URL has no database name (…/dbname)" });
      if (type === "redis" && u.pathname.length > 1 && !/^\/\d+$/.test(u.pathname))
        ctx.addIssue({ code: "custom", message: "A Redis URL path is a database number (…/0)" });
      const parts = urlParts(value);
      for (const [what, v] of [["host", parts.host], ["user name", parts.user], ["database name", parts.database]] as const) {
        if (v?.startsWith("-")) ctx.addIssue({ code: "custom", message: optionLikeMessage(what) });
      }
      for (const name of u.searchParams.keys()) {
        if (type === "postgres" && HOST_FILE_PARAMS.includes(name.toLowerCase()))
          ctx.addIssue({ code: "custom", message: `${name} is not accepted: it names a file on the console's own server, whose password would be used. Put the password in the URL or the password field instead (Lifeboat stores it encrypted)` });
      }
    });
}

/**
 * An optional, separate database login for restoring uploaded artifacts (untrusted): a role
 * without superuser rights, so a crafted dump cannot reach the server's files or programs.
 * The password is sealed like the URL's and never shown back.
 */
export const restoreLogin = {
  restoreUser: z
    .string()
    .trim()
    .max(80)
    .refine((u) => !u.startsWith("-") && !/[\u0000-\u001f]/.test(u), "A user name that does not start with - and has no control characters")
    .optional(),
  restorePassword: z.string().max(500).optional(),
};

export const absPath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .refine((p) => p.startsWith("/"), `The ${what} must be an absolute path`);

/** Parse a URL into the parts the command-line tools want. */
export function urlParts(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    user: decodeURIComponent(u.username) || undefined,
    password: urlPassword(url),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    params: Object.fromEntries(u.searchParams.entries()),
  };
}
