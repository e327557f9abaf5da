import fs from "node:fs";

/** For putFile: positional reads of an open local file, and the checks every reader of an artifact makes. */

/** fs.read at `position` into `buf` from `offset`, as a promise (the descriptor's own offset is left alone). */
export const readAt = (fd: number, buf: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) => fs.read(fd, buf, offset, length, position, (e, n) => (e ? reject(e) : resolve(n))));

/** Throws, in words, when the bytes read (`got`) are not the artifact the run recorded (`want`; null = nothing to check). */
export function checkSha256(what: string, got: string, want: string | null | undefined): void {
  if (want && want.toLowerCase() !== got) throw new Error(`${what}: sha256 ${got} where ${want} was expected (the artifact changed or was damaged)`);
}

/** A file that ended before its announced size. */
export const fileEndedError = (what: string, at: number, size: number) => new Error(`${what}: the file ended at ${at} bytes, ${size} were expected (it changed while being copied)`);
