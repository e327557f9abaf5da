import type { TargetType } from "../../db/schema";
import { ValidationError } from "../../errors";
import type { Driver } from "./types";
import { postgresDriver } from "./postgres";
import { mysqlDriver } from "./mysql";
import { sqliteDriver } from "./sqlite";
import { redisDriver } from "./redis";
import { filesystemDriver } from "./filesystem";
import { scriptDriver } from "./script";
import { dockerVolumeDriver } from "./docker-volume";

const DRIVERS: Record<Exclude<TargetType, "external">, Driver> = {
  postgres: postgresDriver,
  mysql: mysqlDriver,
  sqlite: sqliteDriver,
  redis: redisDriver,
  filesystem: filesystemDriver,
  script: scriptDriver,
  docker_volume: dockerVolumeDriver,
};

/** The driver of a target type; `external` targets have none (their runs are reported over the API). */
export function driverFor(type: TargetType): Driver {
  if (type === "external") throw new ValidationError("External targets are backed up by their own scripts, which report to Lifeboat; Lifeboat cannot run them");
  return DRIVERS[type];
}
