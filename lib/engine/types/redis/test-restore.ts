import { RestoreError } from "../../restore/context";
import type { TestRestoreArgs } from "../module";
import { extractRdb, redisKeyspace, startRedisFromRdb } from "./restore";

/** Load dump.rdb in a private redis-server on a free port and count its keys. */
export async function redisTestRestore({ ctx, manifest, source }: TestRestoreArgs): Promise<string> {
  const dir = await extractRdb(ctx);
  const temp = await startRedisFromRdb(dir, ctx.signal);
  try {
    const space = await redisKeyspace(temp.url);
    const total = Object.values(space).reduce((a, b) => a + b, 0);
    const db = Number(new URL(String(source.url)).pathname.slice(1) || 0);
    const expected = manifest.payload.keys;
    if (expected != null && expected !== total && expected !== (space[db] ?? 0)) {
      throw new RestoreError(`The RDB loads with ${total} key(s); the backup recorded ${expected}`);
    }
    return `the RDB loads in redis-server with ${total} key(s)${expected != null ? ", as recorded" : ""}`;
  } finally {
    await temp.stop();
  }
}
