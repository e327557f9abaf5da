import fsp from "node:fs/promises";
import path from "node:path";

/** `<hex>  <basename>\n`: the `sha256sum` format, so `cd dir && sha256sum -c <file>.sha256` works. */
export function sha256Line(sha256: string, file: string): string {
  return `${sha256}  ${path.basename(file)}\n`;
}

/** Write `<file>.sha256` atomically (tmp + fsync + rename). */
export async function writeSha256File(file: string, sha256: string): Promise<string> {
  const out = `${file}.sha256`;
  const tmp = `${out}.partial`;
  const fh = await fsp.open(tmp, "w", 0o640);
  try {
    await fh.writeFile(sha256Line(sha256, file));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fsp.rename(tmp, out);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  return out;
}

/** Read the hex digest back from a `.sha256` file (null when absent or malformed). */
export async function readSha256File(file: string): Promise<string | null> {
  try {
    const m = /^([0-9a-f]{64})\s/.exec(await fsp.readFile(`${file}.sha256`, "utf8"));
    return m ? m[1] : null;
  } catch {
    return null;
  }
}
