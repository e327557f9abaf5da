/** The archive bench dataset under bench/data (gitignored): big random files + many small text files. Reused when present. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface Dataset {
  root: string;
  bytes: number;
  files: number;
}

const WORDS = "camera motion event frame backup restore lifeboat order invoice customer status success failed queue".split(" ");

export function ensureDataset(dataDir: string, bigMb: number, smallFiles: number): Dataset {
  const root = path.join(dataDir, `dataset-${bigMb}mb-${smallFiles}`);
  const done = path.join(root, ".complete");
  if (!fs.existsSync(done)) {
    fs.rmSync(root, { recursive: true, force: true });
    console.log(`generating dataset: ${bigMb} MB random (CCTV-like) + ${smallFiles} small compressible files → ${root}`);
    // Incompressible: 16 MiB "recordings" (the last one smaller), like a CCTV folder.
    const chunk = 16;
    for (let i = 0, left = bigMb; left > 0; i++, left -= chunk) {
      const dir = path.join(root, "cctv", `cam${(i % 4) + 1}`);
      fs.mkdirSync(dir, { recursive: true });
      const fd = fs.openSync(path.join(dir, `2025-01-01 ${String(i).padStart(4, "0")}.mp4`), "w");
      for (let m = 0; m < Math.min(chunk, left); m++) fs.writeSync(fd, crypto.randomBytes(1 << 20));
      fs.closeSync(fd);
    }
    // Compressible: small JSON/log-like files, 100 per folder.
    for (let i = 0; i < smallFiles; i++) {
      const dir = path.join(root, "uploads", `d${String(Math.floor(i / 100)).padStart(3, "0")}`);
      if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
      const lines: string[] = [];
      const n = 10 + (i % 60);
      for (let l = 0; l < n; l++) lines.push(`${i}-${l} ${WORDS[(i + l) % WORDS.length]} ${WORDS[(i * l) % WORDS.length]} id=${(i * 7919 + l) % 100000}`);
      fs.writeFileSync(path.join(dir, `record-${i}.log`), lines.join("\n") + "\n");
    }
    fs.writeFileSync(done, new Date().toISOString());
  }
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== ".complete") {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  walk(root);
  return { root, bytes, files };
}
