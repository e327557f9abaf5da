import { handle, json } from "@/lib/api/respond";
import { sessionActorFor } from "@/lib/auth/request-actor";
import { ValidationError } from "@/lib/errors";
import { receiveUpload } from "@/lib/services/restores/upload";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** x-file-name is URI-encoded by the form; a malformed one is kept as sent (it is only shown in the audit). */
function headerFileName(raw: string): string {
  try {
    return decodeURIComponent(raw).slice(0, 255);
  } catch {
    return raw.slice(0, 255);
  }
}

/**
 * POST /api/uploads?targetId=N — the raw artifact as the body (streamed to disk, never buffered),
 * optional `x-sha256` (from its .sha256 file) and `x-file-name`. Signed-in operators (cookie) or
 * API tokens (Bearer); a cookie caller must come from the console's own pages (403 otherwise).
 * 201 { run } | 400 not an artifact / corrupt | 413 over the size limit | 507 storage full.
 */
export const POST = handle(async (request: Request) => {
  const actor = await sessionActorFor(request, "artifact.upload");
  const targetId = Number(new URL(request.url).searchParams.get("targetId"));
  if (!Number.isInteger(targetId) || targetId <= 0) throw new ValidationError("targetId: choose a target", { targetId: "Required" });
  if (!request.body) throw new ValidationError("The request has no body: send the artifact file");
  const length = request.headers.get("content-length");
  const name = request.headers.get("x-file-name");
  const run = await receiveUpload(actor, {
    targetId,
    body: request.body,
    declaredLength: length ? Number(length) : null,
    sha256: request.headers.get("x-sha256"),
    fileName: name ? headerFileName(name) : null,
  });
  return json({ run }, 201);
});
