import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";

/**
 * Abort the multipart uploads of exactly `objectKey` (a killed put's parts cost money and space
 * until aborted). A server without ListMultipartUploads (NotImplemented) has nothing we can find:
 * a bucket lifecycle rule "abort incomplete multipart uploads" is the safety net there.
 */
export async function discardUploads(client: S3Client, bucket: string, objectKey: string, describe: (what: string, e: unknown) => Error): Promise<void> {
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: objectKey, KeyMarker: keyMarker, UploadIdMarker: idMarker }));
    } catch (e) {
      if ((e as { name?: string }).name === "NotImplemented") return;
      throw describe(`S3 listing of unfinished uploads of ${objectKey}`, e);
    }
    for (const u of page.Uploads ?? []) {
      if (u.Key !== objectKey || !u.UploadId) continue;
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: u.UploadId }));
      } catch (e) {
        if ((e as { name?: string }).name !== "NoSuchUpload") throw describe(`S3 abort of an unfinished upload of ${objectKey}`, e);
      }
    }
    const more = page.IsTruncated === true;
    keyMarker = more ? page.NextKeyMarker : undefined;
    idMarker = more ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
}
