import fs from "node:fs";
import path from "node:path";

/**
 * The two multipart calls s3rver 3.7 lacks (it answers NotImplemented / 405), served by the front
 * from s3rver's own store: an upload in progress is `<dir>/<bucket>/._S3rver_uploads/<id>/` with
 * its key in a file `key`. Without them a client could never clear what a killed upload left.
 */
const uploadsDir = (dir: string, bucket: string) => path.join(dir, bucket, "._S3rver_uploads");

export interface PendingUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

export function pendingUploads(dir: string, bucket: string): PendingUpload[] {
  const root = uploadsDir(dir, bucket);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .flatMap((uploadId) => {
      const keyFile = path.join(root, uploadId, "key");
      if (!fs.existsSync(keyFile)) return [];
      return [{ key: fs.readFileSync(keyFile, "utf8"), uploadId, initiated: fs.statSync(keyFile).mtime }];
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1));
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** ListMultipartUploads (GET /bucket?uploads&prefix=…): all of them in one page. */
export function listUploadsXml(dir: string, bucket: string, prefix: string): string {
  const ups = pendingUploads(dir, bucket).filter((u) => u.key.startsWith(prefix));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Bucket>${esc(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><Prefix>${esc(prefix)}</Prefix>` +
    `<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
    ups.map((u) => `<Upload><Key>${esc(u.key)}</Key><UploadId>${esc(u.uploadId)}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`).join("") +
    `</ListMultipartUploadsResult>`
  );
}

/** AbortMultipartUpload (DELETE /bucket/key?uploadId=…): false when there is no such upload of that key. */
export function abortUpload(dir: string, bucket: string, key: string, uploadId: string): boolean {
  if (!/^[A-Za-z0-9._-]+$/.test(uploadId)) return false;
  const up = pendingUploads(dir, bucket).find((u) => u.uploadId === uploadId && u.key === key);
  if (!up) return false;
  fs.rmSync(path.join(uploadsDir(dir, bucket), uploadId), { recursive: true, force: true });
  return true;
}
