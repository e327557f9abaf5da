import type { ConnectionCheck } from "../restore-shapes";
import { RespClient } from "./resp-client";

/** Connect (AUTH when the URL has a password), ask the server's version and the keys in the database. */
export async function redisConnection(source: Record<string, unknown>): Promise<ConnectionCheck> {
  const c = await RespClient.connect(String(source.url));
  try {
    const info = String(await c.ok(["INFO", "server"]));
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? "(version unknown)";
    const keys = Number(await c.ok(["DBSIZE"]));
    return { ok: true, message: `Connected: Redis ${version}, ${keys} key(s) in this database` };
  } finally {
    c.close();
  }
}
