import type { CopyDownload } from "../services/runs/copy-download";
import { sendFile } from "./send-file";

/**
 * A copy's plaintext as a download. Always whole (200): a decrypted stream has no byte ranges to
 * seek to, and the sha256 check needs every byte; a Range header is therefore ignored.
 */
export function sendCopy(request: Request, dl: CopyDownload): Promise<Response> {
  const whole = new Request(request.url, { method: request.method });
  return sendFile(whole, { fileName: dl.fileName, size: dl.size, mtime: dl.mtime, open: () => dl.open(), contentType: "application/octet-stream", headers: { "accept-ranges": "none" } });
}

/** `?storage=<id>` of an artifact download, or null (the primary location). */
export function storageParam(request: Request): number | null {
  const v = new URL(request.url).searchParams.get("storage");
  if (v == null || v === "") return null;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : -1;
}
