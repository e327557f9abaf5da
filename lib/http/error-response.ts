import { isAppError } from "../errors";

/** Error → plain-text HTTP response for the console's file routes (downloads, logs). */
export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    return new Response(e.message + "\n", {
      status: e.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  console.error("[http] unexpected error", e);
  return new Response("Something went wrong on the server\n", {
    status: 500,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
