import type { z } from "zod";
import { TARGET_TYPES, type TargetType } from "../../db/schema";
import { ValidationError } from "../../errors";
import { createTargetInput, updateTargetInput, type CreateTargetData, type UpdateTargetData } from "./schemas";
import { parseSource } from "../../engine/targets/source-input";
import { DOCKER_IMAGE_RE } from "../../engine/drivers/option-safe";
import { dataDirError } from "../../data-dir";
import { executableError, folderError, pathTemplateError, sqliteFileError } from "./path-checks";

type Errors = Record<string, string>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isType = (v: unknown): v is TargetType => (TARGET_TYPES as readonly unknown[]).includes(v);

function collect(errors: Errors, error: z.ZodError): void {
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    errors[key] ??= issue.message;
  }
}

/** Checks that look at this machine (folders, files, executables), keyed by field. */
function checkPlaces(type: TargetType, source: Record<string, unknown>, errors: Errors): void {
  const at = (key: string, msg: string | null) => {
    if (msg) errors[key] ??= msg;
  };
  if (type === "filesystem") at("source.path", folderError(String(source.path)) ?? dataDirError(String(source.path), "folder"));
  if (type === "sqlite") at("source.path", sqliteFileError(String(source.path)) ?? dataDirError(String(source.path), "database file"));
  if (type === "script") at("source.command", executableError(String(source.command), "script"));
}

/** The checks beyond the zod shape, for the keys present in `raw`. */
function checkExtras(raw: Record<string, unknown>, errors: Errors): void {
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
    if (v && !errors[key]) {
      const msg = executableError(v, key === "preHook" ? "pre-hook" : "post-hook");
      if (msg) errors[key] = msg;
    }
  }
}

/** meta keys a driver hands to a tool (docker_volume: meta.dockerImage becomes `docker run … IMAGE`). */
function checkMeta(type: TargetType | null, meta: Record<string, unknown> | undefined, errors: Errors): void {
  const image = meta?.dockerImage;
  if (type === "docker_volume" && image !== undefined && (typeof image !== "string" || !DOCKER_IMAGE_RE.test(image))) {
    errors.meta ??= 'meta.dockerImage must be a Docker image name like "alpine:3.20" (it cannot start with "-")';
  }
}

function checkedSource(type: TargetType | null, raw: unknown, errors: Errors): Record<string, unknown> | null {
  if (!type) return null;
  if (!isRecord(raw)) {
    errors.source ??= "Give the source settings";
    return null;
  }
  const source = parseSource(type, raw, errors);
  if (source) checkPlaces(type, source, errors);
  return source;
}

/** Validate a new target; every problem is reported at once, keyed by field. */
export function validateCreate(input: unknown): CreateTargetData {
  const raw = isRecord(input) ? input : {};
  const errors: Errors = {};
  const parsed = createTargetInput.safeParse(raw);
  if (!parsed.success) collect(errors, parsed.error);
  const source = checkedSource(isType(raw.type) ? raw.type : null, raw.source, errors);
  checkExtras(raw, errors);
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
export function validateUpdate(input: unknown, currentType: TargetType): UpdateTargetData {
  const raw = isRecord(input) ? input : {};
  const errors: Errors = {};
  const parsed = updateTargetInput.safeParse(raw);
  if (!parsed.success) collect(errors, parsed.error);
  const type = isType(raw.type) ? raw.type : currentType;
  let source: Record<string, unknown> | null | undefined;
  if (raw.source !== undefined) source = checkedSource(type, raw.source, errors);
  else if (type !== currentType) errors.source = "Give the source settings for the new type";
  checkExtras(raw, errors);
  if (parsed.success) checkMeta(type, parsed.data.meta, errors);
  if (!parsed.success || source === null || Object.keys(errors).length) {
    throw new ValidationError("Please fix the highlighted fields", errors);
  }
  return { ...parsed.data, ...(source ? { source } : {}) };
}
