import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { parseCidrList, type Cidr } from "./net/cidr";

/**
 * Configuration, validated once. Secrets that are not given are generated on first start and
 * kept in the data directory (mode 0600), so a newcomer configures nothing; env vars override.
 */
const schema = z.object({
  LIFEBOAT_DATA_DIR: z.string().min(1).default("./data"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LIFEBOAT_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
    .optional(),
  LIFEBOAT_STORAGE_DIR: z.string().min(1).optional(),
  LIFEBOAT_MAX_PARALLEL_RUNS: z.coerce.number().int().min(1).max(64).optional(),
  LIFEBOAT_SCHEDULER: z.enum(["on", "off"]).default("on"),
  LIFEBOAT_PUBLIC_URL: z.string().url().optional(),
  LIFEBOAT_ADMIN_EMAIL: z.string().email().optional(),
  LIFEBOAT_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  LIFEBOAT_LOG_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  // Proxies whose X-Forwarded-For is believed (comma-separated CIDRs); none by default.
  LIFEBOAT_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseCidrList(v ?? "");
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  // Single sign-on for headless starts (else Settings → Sign-in); see lib/services/sso/config.ts.
  LIFEBOAT_OIDC_ISSUER: z.string().url().optional(),
  LIFEBOAT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LIFEBOAT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LIFEBOAT_OIDC_NAME: z.string().min(1).max(60).optional(),
  LIFEBOAT_OIDC_SCOPES: z.string().min(1).optional(),
  LIFEBOAT_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  LIFEBOAT_OIDC_ROLE_MAP: z
    .string()
    .regex(/^\s*[^=,]+=\s*(viewer|operator|admin)\s*(,\s*[^=,]+=\s*(viewer|operator|admin)\s*)*,?\s*$/, "use group=role pairs separated by commas (roles: viewer, operator, admin)")
    .optional(),
  LIFEBOAT_OIDC_DEFAULT_ROLE: z.enum(["none", "viewer", "operator", "admin"]).default("none"),
  LIFEBOAT_OIDC_ALLOWED_DOMAINS: z.string().optional(),
}).superRefine((v, ctx) => {
  if (!v.LIFEBOAT_OIDC_ISSUER) return;
  for (const key of ["LIFEBOAT_OIDC_CLIENT_ID", "LIFEBOAT_OIDC_CLIENT_SECRET", "LIFEBOAT_PUBLIC_URL"] as const) {
    if (!v[key]) ctx.addIssue({ code: "custom", path: [key], message: "required with LIFEBOAT_OIDC_ISSUER (the callback URL is built from LIFEBOAT_PUBLIC_URL)" });
  }
});

export type Env = z.infer<typeof schema> & {
  dataDir: string;
  authSecret: string;
  secretKey: Buffer;
  trustedProxies: Cidr[];
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

let cached: Env | null = null;

function readOrCreateSecret(file: string, make: () => string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const value = make();
  // "wx" so two processes starting at once do not overwrite each other's secret.
  try {
    fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
    return value;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw e;
  }
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = source[key];
    raw[key] = v === "" ? undefined : v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues
      .map((i) => `${String(i.path[0])}: ${i.message}`)
      .join("; ");
    throw new ConfigError(`Invalid configuration: ${msg}`);
  }
  const v = parsed.data;
  const dataDir = path.resolve(v.LIFEBOAT_DATA_DIR);
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new ConfigError(
      `Invalid configuration: LIFEBOAT_DATA_DIR: cannot create ${dataDir} (${(e as Error).message})`,
    );
  }
  const authSecret =
    v.AUTH_SECRET ??
    readOrCreateSecret(path.join(dataDir, "auth-secret"), () => crypto.randomBytes(32).toString("base64url"));
  const keyHex =
    v.LIFEBOAT_SECRET_KEY ??
    readOrCreateSecret(path.join(dataDir, "secret.key"), () => crypto.randomBytes(32).toString("hex"));
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) {
    throw new ConfigError(
      `Invalid configuration: LIFEBOAT_SECRET_KEY: ${path.join(dataDir, "secret.key")} does not hold 64 hex characters`,
    );
  }
  return { ...v, dataDir, authSecret, secretKey: Buffer.from(keyHex, "hex"), trustedProxies: parseCidrList(v.LIFEBOAT_TRUSTED_PROXIES ?? "") };
}

export function env(): Env {
  if (!cached) cached = loadEnv();
  return cached;
}

/** Tests point the process at a new data directory. */
export function resetEnvForTests(): void {
  cached = null;
}
