import { z } from "zod";
import { isAppError, ValidationError } from "../errors";
import { readJsonBody, type ReadJsonOptions } from "./body";

/**
 * The one place where errors become HTTP responses for the API:
 * `{ "error": { "code", "message", "details"? } }` with 400/401/403/404/409/413/429, 500 otherwise.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, string> };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headersToObject(headers) } });
}

function headersToObject(h?: HeadersInit): Record<string, string> {
  return h ? Object.fromEntries(new Headers(h).entries()) : {};
}

export function apiError(status: number, code: string, message: string, details?: Record<string, string>): Response {
  const body: ApiErrorBody = { error: { code, message, ...(details && Object.keys(details).length ? { details } : {}) } };
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="lifeboat"';
  return Response.json(body, { status, headers });
}

/** zod issues → { "source.url": "message" } (first message per field). */
export function zodDetails(e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of e.issues) {
    const key = issue.path.map(String).join(".") || "body";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

/** "name: Required; source.url: Not a valid URL" — the message names every bad field. */
function detailsMessage(details: Record<string, string>): string {
  return Object.entries(details)
    .map(([k, v]) => (v.startsWith(`${k}:`) ? v : `${k}: ${v}`))
    .join("; ");
}

export function errorResponse(e: unknown): Response {
  if (e instanceof z.ZodError) {
    const details = zodDetails(e);
    return apiError(400, "bad_request", detailsMessage(details), details);
  }
  if (e instanceof ValidationError) {
    const details = e.fieldErrors;
    // Add to the message only what it does not already say: no "damaged … (file: The artifact is damaged …)".
    const lower = e.message.toLowerCase();
    const untold = Object.fromEntries(Object.entries(details).filter(([k, v]) => !lower.includes(k.toLowerCase()) && !lower.includes(v.toLowerCase())));
    const message = Object.keys(untold).length === 0 ? e.message : `${e.message} (${detailsMessage(untold)})`;
    return apiError(400, e.code, message, details);
  }
  if (isAppError(e)) return apiError(e.status, e.code, e.message);
  console.error("[api] unexpected error", e);
  return apiError(500, "internal", "Something went wrong on the server; the details are in the server log");
}

/** Wrap a route handler so every thrown error goes through errorResponse. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * Parse a JSON body with a zod schema. The body is read as a capped stream (413 past 1 MiB by
 * default), its nesting is limited (400) and a body that is not JSON is a 400 naming "body".
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, options?: ReadJsonOptions): Promise<z.infer<S>> {
  return schema.parse(await readJsonBody(request, options));
}
