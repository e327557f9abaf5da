import type { Driver, DriverContext, Payload } from "../backup-types";

/**
 * A type's driver that also runs on other servers: a target with a `serverId` goes to `remote`
 * (its tool run there over SSH, lib/engine/servers), any other to the local driver unchanged.
 */
export function onTargetServer(local: Driver, remote: (ctx: DriverContext) => Promise<Payload>): Driver {
  return { ...local, produce: (ctx) => (ctx.target.serverId != null ? remote(ctx) : local.produce(ctx)) };
}
