import type { TargetTypeModule } from "../module";
import { dbFromFields } from "../shared/db-connection";
import { redisSource } from "./schema";
import { redisFields } from "./fields";
import { redisDriver } from "./backup";
import { redisRestoreOps } from "./destination";
import { redisTestRestore } from "./test-restore";
import { redisConnection } from "./connection";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemoteRedis, remoteRedisConnection } from "./remote";

/** Redis: redis-cli --rdb → dump.rdb; restored live (DUMP/RESTORE) or as a stopped server's data file. */
export const redisType: TargetTypeModule = {
  type: "redis",
  label: "Redis",
  fields: redisFields,
  runsOnServers: true,
  schema: redisSource,
  secretFields: ["url"],
  fromFields: dbFromFields("redis"),
  describe: redisDriver.describe,
  backup: onTargetServer(redisDriver, produceRemoteRedis),
  payloadNames: ["dump.rdb"],
  restore: redisRestoreOps,
  async contents({ manifest }) {
    return { kind: "redis", sizeBytes: manifest.payload.sizeBytes ?? null, keys: manifest.payload.keys ?? null };
  },
  testRestore: redisTestRestore,
  testConnection: redisConnection,
  testConnectionOn: remoteRedisConnection,
};
