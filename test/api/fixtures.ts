// Shared set-up for the API contract tests: apps, targets and one token per role.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "../../lib/db/client";
import { apiTokens } from "../../lib/db/schema";
import type { Actor } from "../../lib/auth/actor";
import { createApp } from "../../lib/services/apps/create";
import { createTarget } from "../../lib/services/targets/create";
import { createToken } from "../../lib/services/tokens/create";
import { revokeToken } from "../../lib/services/tokens/revoke";

export const ADMIN_CLI: Actor = { type: "cli", label: "test", role: "admin" };

export function seedApi() {
  const alpha = createApp(ADMIN_CLI, { name: "alpha" });
  const beta = createApp(ADMIN_CLI, { name: "beta" });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-api-src-"));
  fs.writeFileSync(path.join(folder, "hello.txt"), "hello\n");
  const alphaFiles = createTarget(ADMIN_CLI, { appId: alpha.id, name: "files", type: "filesystem", source: { path: folder } });
  const alphaExt = createTarget(ADMIN_CLI, { appId: alpha.id, name: "cron", type: "external", source: {} });
  const betaExt = createTarget(ADMIN_CLI, { appId: beta.id, name: "cron", type: "external", source: {} });
  const tok = (name: string, role: "viewer" | "operator" | "admin", appIds?: number[]) => createToken(ADMIN_CLI, { name, role, appIds });
  const admin = tok("admin", "admin").token;
  const operator = tok("operator", "operator").token;
  const viewer = tok("viewer", "viewer").token;
  const alphaOnly = tok("alpha-only", "operator", [alpha.id]).token;
  const revoked = tok("revoked", "admin");
  revokeToken(ADMIN_CLI, revoked.info.id);
  const expired = tok("expired", "admin");
  // Expiry in the past cannot be created through the service (it refuses), so age it here.
  getDb().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expired.info.id)).run();
  return {
    alpha,
    beta,
    folder,
    alphaFiles,
    alphaExt,
    betaExt,
    tokens: { admin, operator, viewer, alphaOnly, revoked: revoked.token, expired: expired.token },
  };
}
