import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { ConflictError, ValidationError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { RunLog } from "../../engine/process/run-log";
import { StepError } from "../../engine/process/step";
import { runnerFor } from "../../engine/servers/runner";
import { dockerInventory, type DockerContainer, type DockerInventory } from "../../engine/servers/docker-inventory";
import { dockerProposals, recogniseImage, type DbKind, type DockerProposal } from "../../engine/servers/docker-proposals";
import { createApp } from "../apps/create";
import { createTarget } from "../targets/create";
import type { TargetDto } from "../targets/dto";
import { getServer } from "./list";

const TIMEOUT_MS = 60_000;

export interface DockerDiscoveryDto {
  server: { id: number; name: string };
  dockerVersion: string;
  containers: (DockerContainer & { database: DbKind | null })[];
  volumes: DockerInventory["volumes"];
  images: DockerInventory["images"];
  /** `exists`: the app already has a target of that name (created before, or by hand). */
  proposals: (DockerProposal & { exists: boolean })[];
}

async function inventoryOf(serverId: number): Promise<DockerInventory> {
  const log = new RunLog(0, [], "/dev/null");
  try {
    return await dockerInventory(runnerFor(serverId), { signal: AbortSignal.timeout(TIMEOUT_MS), log });
  } catch (e) {
    // Unreachable, no docker, no daemon, no permission on its socket: said as it is.
    if (e instanceof StepError) throw new ConflictError(e.message);
    throw e;
  } finally {
    log.close();
  }
}

function existing(p: DockerProposal): boolean {
  const row = getDb()
    .select({ id: targets.id })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(and(eq(apps.name, p.app), eq(targets.name, p.name)))
    .get();
  return Boolean(row);
}

/**
 * Docker discovery on a server (admin): its containers, volumes and images, and the targets
 * Lifeboat proposes for them (lib/engine/servers/docker-proposals.ts). Read-only on the server.
 */
export async function discoverDocker(actor: Actor, serverId: number): Promise<DockerDiscoveryDto> {
  requirePermission(actor, "manage");
  const server = getServer(actor, serverId);
  const inv = await inventoryOf(serverId);
  return {
    server: { id: serverId, name: server.name },
    dockerVersion: inv.serverVersion,
    containers: inv.containers.map((c) => ({ ...c, database: recogniseImage(c.image) })),
    volumes: inv.volumes,
    images: inv.images,
    proposals: dockerProposals(inv).map((p) => ({ ...p, exists: existing(p) })),
  };
}

export const adoptDockerInput = z.object({
  id: z.coerce.number().int().positive(),
  keys: z.array(z.string().min(1).max(2000)).min(1, "Choose at least one proposed target").max(100),
});
export type AdoptDockerInput = z.input<typeof adoptDockerInput>;

/**
 * Create the chosen proposals as targets on that server, each under the app named after its
 * compose project (created when missing). The server is asked again: only what it runs now is
 * created, never a source sent by the client.
 */
export async function adoptDockerProposals(actor: Actor, input: AdoptDockerInput): Promise<{ apps: string[]; targets: TargetDto[] }> {
  requirePermission(actor, "manage");
  const { id, keys } = adoptDockerInput.parse(input);
  getServer(actor, id);
  const proposals = dockerProposals(await inventoryOf(id));
  const chosen = keys.map((k) => proposals.find((p) => p.key === k) ?? k);
  const gone = chosen.filter((c): c is string => typeof c === "string");
  if (gone.length) throw new ValidationError(`Not proposed by the server now: ${gone.join(", ")}`, { keys: "Discover again: the containers changed" });
  const created: TargetDto[] = [];
  const newApps: string[] = [];
  for (const p of chosen as DockerProposal[]) {
    if (existing(p)) continue;
    let app = getDb().select({ id: apps.id }).from(apps).where(eq(apps.name, p.app)).get();
    if (!app) {
      app = { id: createApp(actor, { name: p.app, description: "Found by Docker discovery (compose project)" }).id };
      newApps.push(p.app);
    }
    created.push(createTarget(actor, { appId: app.id, name: p.name, type: p.type, source: p.source, description: p.description, serverId: id, ...(p.meta ? { meta: p.meta } : {}) }));
  }
  return { apps: newApps, targets: created };
}
