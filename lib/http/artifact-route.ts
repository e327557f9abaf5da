import { requireActor } from "../auth/session";
import { openArtifact, recordArtifactDownload, type ArtifactPart } from "../services/runs/artifact-file";
import { errorResponse } from "./error-response";
import { sendFile } from "./send-file";
import { sendCopy, storageParam } from "./copy-response";
import { openCopyDownload } from "../services/runs/copy-download";

/** GET/HEAD /api/runs/{id}/artifact|sha256 for a signed-in operator: audited, streamed, resumable. */
export async function artifactRoute(request: Request, idParam: string, which: ArtifactPart): Promise<Response> {
  try {
    const actor = await requireActor("artifact.download");
    const storageId = which === "artifact" ? storageParam(request) : null;
    const dl = storageId === null ? null : openCopyDownload(actor, Number(idParam), storageId);
    if (dl) {
      const res = await sendCopy(request, dl);
      if (request.method !== "HEAD" && res.status === 200) recordArtifactDownload(actor, Number(idParam), which, { fileName: dl.fileName, size: dl.size, range: `copy in storage ${storageId}` });
      return res;
    }
    const file = await openArtifact(actor, Number(idParam), which);
    const res = await sendFile(request, {
      ...file.sendable(),
      contentType: which === "sha256" ? "text/plain; charset=utf-8" : "application/octet-stream",
    });
    // What the audit records is bytes leaving: a download or a resumed piece (not HEAD, not a 416).
    if (request.method !== "HEAD" && (res.status === 200 || res.status === 206)) {
      try {
        recordArtifactDownload(actor, Number(idParam), which, { fileName: file.fileName, size: file.size, range: request.headers.get("range") });
      } catch (e) {
        await res.body?.cancel();
        throw e;
      }
    }
    return res;
  } catch (e) {
    return errorResponse(e);
  }
}
