import { z } from "zod";
import { ConflictError, isAppError, ValidationError } from "../errors";
import { requireActor } from "../auth/session";
import type { Permission } from "../auth/permissions";
import type { Actor } from "../auth/actor";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** zod issues → { field: message } for showing errors beside each field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

/** The one place where errors become a user-facing message. */
export function toActionError(e: unknown): { ok: false; error: string; fieldErrors?: Record<string, string> } {
  if (e instanceof z.ZodError) {
    return { ok: false, error: "Please fix the highlighted fields", fieldErrors: fieldErrorsOf(e) };
  }
  if (e instanceof ValidationError || e instanceof ConflictError) {
    return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
  }
  if (isAppError(e)) return { ok: false, error: e.message };
  console.error("[action] unexpected error", e);
  return { ok: false, error: "Something went wrong on the server; the details are in the server log" };
}

/**
 * Wrap a server action body: authorise (session + permission), parse input with zod, run,
 * and map errors. Every action authorises itself; a layout redirect is only UX.
 */
export async function runAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  input: unknown,
  fn: (actor: Actor, data: z.infer<S>) => Promise<T> | T,
): Promise<ActionResult<T>> {
  try {
    const actor = await requireActor(permission);
    const data = schema.parse(input);
    return { ok: true, data: await fn(actor, data) };
  } catch (e) {
    return toActionError(e);
  }
}
