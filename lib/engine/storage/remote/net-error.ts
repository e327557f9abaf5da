/**
 * Network failures in words, shared by the S3 and SFTP backends: the location "Test" and a failed
 * copy must say whether the name did not resolve, the connection was refused or dropped, or TLS
 * refused the certificate, not just print an error code. Null when `e` is none of these.
 */
export function describeNetError(e: unknown, where: string): string | null {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code ?? "";
  const msg = err?.message ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /getaddrinfo/.test(msg)) return `DNS: the name of ${where} does not resolve (${code || msg})`;
  if (code === "ECONNREFUSED") return `connect: ${where} refused the connection (ECONNREFUSED)`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `connect: ${where} cannot be reached (${code})`;
  if (code === "ECONNRESET" || code === "EPIPE" || (!code && /socket hang up|connection lost|Not connected|No response from server/i.test(msg))) {
    return `connection: ${where} dropped the connection (${code || msg})`;
  }
  if (code === "ETIMEDOUT" || err?.name === "TimeoutError" || (!code && /timed? ?out/i.test(msg))) return `connect: ${where} did not answer in time (${code || err?.name || "timeout"})`;
  if (/^(ERR_TLS|ERR_SSL|CERT_)|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)_/.test(code) || /certificate|wrong version number/i.test(msg)) {
    return `TLS: the secure connection to ${where} failed (${code || msg})`;
  }
  return null;
}
