import fs from "node:fs";
import { pitrTaskLogPath } from "./target-stream";

/** The last `maxBytes` of a PITR task's log (base backup, restore); "" before it has one. */
export function readPitrTaskLog(taskId: number, maxBytes = 64 * 1024): string {
  let fd: number;
  try {
    fd = fs.openSync(pitrTaskLogPath(taskId), "r");
  } catch {
    return "";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const text = buf.toString("utf8");
    // Cut at a line start when the head was dropped.
    return len < size ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}
