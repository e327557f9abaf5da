import { requireActor } from "../auth/session";
import { openArtifact, recordArtifactDownload, type ArtifactPart } from "../services/runs/artifact-file";
import { errorResponse } from "./error-response";
import { sendFile } from "./send-file";

/** GET/HEAD /api/runs/{id}/artifact|sha256 for a signed-in operator: audited, streamed, resumable. */
export async function artifactRoute(request: Request, idParam: string, which: ArtifactPart): Promise<Response> {
  try {
    const actor = await requireActor("artifact.download");
    const file = openArtifact(actor, Number(idParam), which);
    // HEAD only asks about the file; a download (or a resumed piece of one) is what the audit records.
    if (request.method !== "HEAD") {
      recordArtifactDownload(actor, Number(idParam), which, { ...file, range: request.headers.get("range") });
    }
    return await sendFile(request, {
      ...file,
      contentType: which === "sha256" ? "text/plain; charset=utf-8" : "application/octet-stream",
    });
  } catch (e) {
    return errorResponse(e);
  }
}
