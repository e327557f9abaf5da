import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Hand the password to restic as RESTIC_PASSWORD_FILE: a 0600 file in a fresh 0700 folder,
 * removed when the command ends. Neither argv nor a long-lived file holds it.
 */
export async function withPasswordFile<T>(password: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-restic-"));
  const file = path.join(dir, "password");
  try {
    await fsp.writeFile(file, password, { mode: 0o600, flag: "wx" });
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
