import { z } from "zod";
import { isAppError, ValidationError } from "../errors";
import { ConfigError } from "../env";
import { processIo, type Io } from "./io";
import { USAGE, UsageError } from "./usage";

type Command = (args: string[], io: Io) => Promise<number>;

// Loaded on demand: `user create` should not pay for loading the backup engine.
const COMMANDS: Record<string, () => Promise<Command>> = {
  "user create": async () => (await import("./user-create")).userCreate,
  "user reset-2fa": async () => (await import("./user-2fa")).userReset2fa,
  "user break-glass": async () => (await import("./user-2fa")).userBreakGlass,
  "token create": async () => (await import("./token-create")).tokenCreate,
  backup: async () => (await import("./backup")).backup,
  status: async () => (await import("./status")).status,
  "schedule list": async () => (await import("./schedule")).scheduleList,
  "schedule create": async () => (await import("./schedule")).scheduleCreate,
  restore: async () => (await import("./restore")).restore,
  "storage list": async () => (await import("./storage")).storageList,
  "storage add": async () => (await import("./storage")).storageAdd,
  "storage test": async () => (await import("./storage")).storageTest,
  "storage remove": async () => (await import("./storage")).storageRemove,
  "storage rescan": async () => (await import("./storage")).storageRescan,
  "self-backup": async () => (await import("./self-backup")).selfBackup,
  "recovery-kit export": async () => (await import("./recovery-kit")).recoveryKitExport,
  "recovery-kit import": async () => (await import("./recovery-kit")).recoveryKitImport,
};

/** Exit codes: 0 ok, 1 failed (a backup that failed, a refused change), 2 wrong usage. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    io.out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const key = COMMANDS[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0]!;
  const load = COMMANDS[key];
  if (!load) {
    io.err(`Unknown command: ${argv.slice(0, 2).join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const rest = argv.slice(key.split(" ").length);
  try {
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith?.("ERR_PARSE_ARGS")) {
      io.err(`lifeboat ${key}: ${(e as Error).message}`);
      return 2;
    }
    if (e instanceof z.ZodError) {
      io.err(`lifeboat ${key}: ${e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
      return 1;
    }
    if (e instanceof ValidationError && Object.keys(e.fieldErrors).length) {
      io.err(`lifeboat ${key}: ${e.message}: ${Object.entries(e.fieldErrors).map(([f, m]) => `${f}: ${m}`).join("; ")}`);
      return 1;
    }
    if (isAppError(e) || e instanceof ConfigError) {
      io.err(`lifeboat ${key}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}
