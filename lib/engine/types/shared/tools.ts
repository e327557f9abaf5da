import fs from "node:fs";
import path from "node:path";
import { maskUrlPassword } from "../../../audit/redact";

/** The first of `names` found on PATH (e.g. mariadb-dump, then mysqldump); else the first name. */
export function findTool(names: string[]): string {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const n of names) {
    for (const d of dirs) {
      const p = path.join(d, n);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      } catch {
        /* next */
      }
    }
  }
  return names[0];
}

/** The version number in a `--version` line ("pg_dump (PostgreSQL) 15.20 (Debian…)" → "15.20 (Debian…)"). */
export function versionOf(line: string): string {
  const m = /\d+\.\d+[^\s,]*(.*)?$/.exec(line.trim().split("\n")[0]);
  return m ? m[0].trim() : line.trim();
}

/** A connection URL for the manifest: password masked, query kept. */
export function describeUrl(source: Record<string, unknown>): Record<string, unknown> {
  const url = String(source.url ?? "");
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return { url: maskUrlPassword(u.toString()) };
  } catch {
    return { url: maskUrlPassword(url) };
  }
}
