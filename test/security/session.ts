// Real next-auth session cookies for the authorisation tests: the same JWT the sign-in form sets,
// encoded with the console's own secret, read back by lib/auth/session.ts inside a request scope.
import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { createUser } from "@/lib/services/users/create";
import type { Actor } from "@/lib/auth/actor";
import { withRequestScope } from "./request-scope";

export type Role = "viewer" | "operator" | "admin";
export const ROLES: Role[] = ["viewer", "operator", "admin"];
const CLI: Actor = { type: "cli", label: "authorisation-test", role: "admin" };

/** Cookie headers per role (users created once per test file), plus "anonymous" with none. */
export async function sessionHeaders(): Promise<Record<Role | "anonymous", Record<string, string>>> {
  const anonymous = { host: "localhost", "x-forwarded-proto": "http" };
  const out: Record<Role | "anonymous", Record<string, string>> = { anonymous, viewer: anonymous, operator: anonymous, admin: anonymous };
  for (const role of ROLES) {
    const u = await createUser(CLI, { email: `${role}-${process.pid}@authz.test`, password: "correct horse battery", role });
    const jwt = await encode({ token: { uid: u.id, sub: String(u.id), email: u.email }, secret: env().authSecret, salt: "authjs.session-token" });
    out[role] = { ...anonymous, cookie: `authjs.session-token=${jwt}` };
  }
  return out;
}

/** Run fn as if inside a Next request carrying these headers (cookies). */
export function asRequest<T>(headers: Record<string, string>, fn: () => Promise<T> | T): Promise<T> {
  return withRequestScope(headers, async () => fn());
}
