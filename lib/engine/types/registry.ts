import { ValidationError } from "../../errors";
import type { Driver } from "./backup-types";
import type { TargetTypeModule } from "./module";
import { postgresType } from "./postgres";
import { mysqlType } from "./mysql";
import { sqliteType } from "./sqlite";
import { redisType } from "./redis";
import { filesystemType } from "./filesystem";
import { dockerVolumeType } from "./docker-volume";
import { scriptType } from "./script";
import { externalType } from "./external";
import { lifeboatConsoleType } from "./lifeboat-console";

/** THE list of target types: one line each, in the order the form offers them. */
const BUILT_IN: readonly TargetTypeModule[] = [
  filesystemType,
  postgresType,
  mysqlType,
  sqliteType,
  redisType,
  dockerVolumeType,
  scriptType,
  externalType,
  lifeboatConsoleType,
];

/** Types a test added (registry.testing.ts); empty in production. */
const added = new Map<string, TargetTypeModule>();

export function targetTypes(): TargetTypeModule[] {
  return [...BUILT_IN, ...added.values()];
}

export function findTypeModule(type: string): TargetTypeModule | null {
  return BUILT_IN.find((m) => m.type === type) ?? added.get(type) ?? null;
}

export function typeModule(type: string): TargetTypeModule {
  const m = findTypeModule(type);
  if (!m) throw new ValidationError(`Unknown target type ${type}`, { type: "Choose a type" });
  return m;
}

/** The type that writes this payload (preview, test restore); null for a name no type claims. */
export function moduleForPayload(name: string): TargetTypeModule | null {
  return targetTypes().find((m) => m.payloadNames.includes(name)) ?? null;
}

/** The backup half of a type; `external` targets have none (their runs are reported over the API). */
export function driverFor(type: string): Driver {
  const m = typeModule(type);
  if (!m.backup) throw new ValidationError("External targets are backed up by their own scripts, which report to Lifeboat; Lifeboat cannot run them");
  return m.backup;
}

/** For registry.testing.ts only: production code lists its types above. */
export const registryForTests = {
  add(m: TargetTypeModule): void {
    if (findTypeModule(m.type)) throw new Error(`Target type ${m.type} is already registered`);
    added.set(m.type, m);
  },
  remove(type: string): void {
    added.delete(type);
  },
};
