import type { z } from "zod";
import type { TargetType } from "../../db/schema";
import { ValidationError } from "../../errors";
import { createTargetInput, updateTargetInput, type CreateTargetData, type UpdateTargetData } from "./schemas";
import { parseSource } from "../../engine/targets/source-input";
import { findTypeModule, targetTypes } from "../../engine/types/registry";
import { dataDirError } from "../../data-dir";
import { executableError, pathTemplateError } from "./path-checks";

type Errors = Record<string, string>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isType = (v: unknown): v is TargetType => typeof v === "string" && findTypeModule(v) !== null;

function collect(errors: Errors, error: z.ZodError): void {
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    errors[key] ??= issue.message;
  }
}

/** Checks that look at this machine (folders, files, executables), keyed by field: the type's module knows which. */
function checkPlaces(type: TargetType, source: Record<string, unknown>, errors: Errors): void {
  for (const [key, msg] of Object.entries(findTypeModule(type)?.checkPlaces?.(source) ?? {})) errors[key] ??= msg;
}

/** The checks beyond the zod shape, for the keys present in `raw`. */
function checkExtras(raw: Record<string, unknown>, errors: Errors, remote = false): void {
  if (typeof raw.pathTemplate === "string" && !errors.pathTemplate) {
    const msg = pathTemplateError(raw.pathTemplate);
    if (msg) errors.pathTemplate = msg;
  }
  if (typeof raw.storageRoot === "string" && raw.storageRoot.trim().startsWith("/") && !errors.storageRoot) {
    const msg = dataDirError(raw.storageRoot.trim(), "storage folder", { allowInside: true });
    if (msg) errors.storageRoot = msg;
  }
  for (const key of ["preHook", "postHook"] as const) {
    const v = typeof raw[key] === "string" ? (raw[key] as string).trim() : "";
    if (v && !errors[key] && !remote) {
      const msg = executableError(v, key === "preHook" ? "pre-hook" : "post-hook");
      if (msg) errors[key] = msg;
    }
  }
}

/** meta keys a type hands to a tool (docker_volume: meta.dockerImage becomes `docker run … IMAGE`). */
function checkMeta(type: TargetType | null, meta: Record<string, unknown> | undefined, errors: Errors): void {
  if (!type || !meta) return;
  for (const [key, msg] of Object.entries(findTypeModule(type)?.checkMeta?.(meta) ?? {})) errors[key] ??= msg;
}

function checkedSource(type: TargetType | null, raw: unknown, errors: Errors, remote = false): Record<string, unknown> | null {
  if (!type) return null;
  if (!isRecord(raw)) {
    errors.source ??= "Give the source settings";
    return null;
  }
  const source = parseSource(type, raw, errors);
  // On another server, this machine's folders and executables say nothing: the run checks there.
  if (source && !remote) checkPlaces(type, source, errors);
  return source;
}

/** restic only for the types that can hand it a folder or a dump (their module's `restic`). */
export function checkEngine(type: TargetType | null, engine: unknown, errors: Errors): void {
  if (engine === "restic" && type && !findTypeModule(type)?.restic && !errors.engine) {
    errors.engine = `The restic engine is for folders, Docker volumes and PostgreSQL/MariaDB dumps, not ${type} targets`;
  }
}
/** The target runs on another server (its `serverId` given and not Local). */
const isRemote = (raw: Record<string, unknown>) => raw.serverId != null && raw.serverId !== "" && raw.serverId !== "local";

/**
 * Another server only for the types that run there (their module's `runsOnServers`). Both engines
 * work there: restic backs up a folder with the restic installed on that server (through a tunnel
 * to the target's repository) and a dump made there into restic here (lib/engine/restic/README.md);
 * checkEngine already keeps restic to the types that have a restic source.
 */
export function checkServerChoice(type: TargetType | null, remote: boolean, errors: Errors): void {
  if (!remote || !type) return;
  const mod = findTypeModule(type);
  if (mod && !mod.runsOnServers && !errors.serverId) {
    const able = targetTypes().filter((m) => m.runsOnServers).map((m) => m.label);
    errors.serverId = `${mod.label} targets run on Local only; another server is for ${able.join(", ")}`;
  }
}

/** Validate a new target; every problem is reported at once, keyed by field. */
export function validateCreate(input: unknown): CreateTargetData {
  const raw = isRecord(input) ? input : {};
  const errors: Errors = {};
  const parsed = createTargetInput.safeParse(raw);
  if (!parsed.success) collect(errors, parsed.error);
  const source = checkedSource(isType(raw.type) ? raw.type : null, raw.source, errors, isRemote(raw));
  checkExtras(raw, errors, isRemote(raw));
  checkEngine(isType(raw.type) ? raw.type : null, raw.engine, errors);
  checkServerChoice(isType(raw.type) ? raw.type : null, isRemote(raw), errors);
  if (parsed.success) checkMeta(parsed.data.type, parsed.data.meta, errors);
  if (!parsed.success || !source || Object.keys(errors).length) {
    throw new ValidationError("Please fix the highlighted fields", errors);
  }
  return { ...parsed.data, source };
}

/**
 * Validate a change. Only what is given is checked against this machine, so editing the name of
 * a target whose folder is gone for now still works.
 */
export function validateUpdate(input: unknown, currentType: TargetType, currentServerId: number | null = null): UpdateTargetData {
  const raw = isRecord(input) ? input : {};
  const errors: Errors = {};
  const parsed = updateTargetInput.safeParse(raw);
  if (!parsed.success) collect(errors, parsed.error);
  const type = isType(raw.type) ? raw.type : currentType;
  let source: Record<string, unknown> | null | undefined;
  const remote = raw.serverId !== undefined ? isRemote(raw) : currentServerId != null;
  if (raw.source !== undefined) source = checkedSource(type, raw.source, errors, remote);
  else if (type !== currentType) errors.source = "Give the source settings for the new type";
  checkExtras(raw, errors, remote);
  checkServerChoice(type, remote, errors);
  if (parsed.success) checkMeta(type, parsed.data.meta, errors);
  if (!parsed.success || source === null || Object.keys(errors).length) {
    throw new ValidationError("Please fix the highlighted fields", errors);
  }
  return { ...parsed.data, ...(source ? { source } : {}) };
}
