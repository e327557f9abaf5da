import type { TargetTypeModule } from "../module";
import { dbFromFields } from "../shared/db-connection";
import { redisSource } from "./schema";
import { redisFields } from "./fields";
import { redisDriver } from "./backup";
import { redisRestoreOps } from "./destination";
import { redisTestRestore } from "./test-restore";
import { redisConnection } from "./connection";

/** Redis: redis-cli --rdb → dump.rdb; restored live (DUMP/RESTORE) or as a stopped server's data file. */
export const redisType: TargetTypeModule = {
  type: "redis",
  label: "Redis",
  fields: redisFields,
  schema: redisSource,
  secretFields: ["url"],
  fromFields: dbFromFields("redis"),
  describe: redisDriver.describe,
  backup: redisDriver,
  payloadNames: ["dump.rdb"],
  restore: redisRestoreOps,
  async contents({ manifest }) {
    return { kind: "redis", sizeBytes: manifest.payload.sizeBytes ?? null, keys: manifest.payload.keys ?? null };
  },
  testRestore: redisTestRestore,
  testConnection: redisConnection,
};
