import crypto from "node:crypto";
import { execFileSync } from "node:child_process";

export const rand = () => crypto.randomBytes(4).toString("hex");

export function psql(db: string, sql: string): string {
  return execFileSync("psql", ["-X", "-h", "127.0.0.1", "-d", db, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString();
}

export function maria(sql: string, db?: string): string {
  return execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "-N", "-B", "-e", sql, ...(db ? [db] : [])]).toString();
}

export function redis(...args: string[]): string {
  return execFileSync("redis-cli", ["-h", "127.0.0.1", ...args]).toString();
}
