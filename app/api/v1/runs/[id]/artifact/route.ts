import { authenticate } from "@/lib/api/auth";
import { handle } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { openArtifact, recordArtifactDownload } from "@/lib/services/runs/artifact-file";
import { sendFile } from "@/lib/http/send-file";
import { sendCopy, storageParam } from "@/lib/http/copy-response";
import { openCopyDownload } from "@/lib/services/runs/copy-download";

export const dynamic = "force-dynamic";

/** The same file the UI serves: streamed, with Range (resumable downloads); `?storage=<id>` reads a copy (decrypted, sha256-checked). Operator+. */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "artifact.download");
  const id = idParam((await params).id, "Run");
  const storageId = storageParam(request);
  const dl = storageId === null ? null : openCopyDownload(actor, id, storageId);
  if (dl) {
    const res = await sendCopy(request, dl);
    if (res.status === 200) recordArtifactDownload(actor, id, "artifact", { fileName: dl.fileName, size: dl.size, range: `copy in storage ${storageId}` });
    return res;
  }
  const file = await openArtifact(actor, id, "artifact");
  const response = await sendFile(request, file.sendable());
  if (response.status === 200 || response.status === 206) {
    recordArtifactDownload(actor, id, "artifact", { fileName: file.fileName, size: file.size, range: request.headers.get("range") });
  }
  return response;
});
