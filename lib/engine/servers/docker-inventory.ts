import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import type { ToolRunner } from "./runner";

/**
 * What Docker runs on a server (issue 17, discovery): containers with their image, compose labels,
 * mounts and published ports; volumes; images. Read with the `docker` CLI on that server through
 * the runner seam (SSH for a server, execa here), as JSON, never through a shell string.
 *
 * A container's environment holds passwords: only the few names a dump needs (user and database
 * names) are kept, and only of the database kinds recognised; nothing else of it leaves this file.
 */

export interface DockerMount {
  type: "bind" | "volume" | "tmpfs" | string;
  /** The host path (bind) or the volume's name (volume). */
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface DockerPort {
  container: string;
  hostIp: string | null;
  hostPort: string | null;
}

export interface DockerContainer {
  id: string;
  name: string;
  image: string;
  running: boolean;
  state: string;
  /** com.docker.compose.project / .service labels. */
  project: string | null;
  service: string | null;
  mounts: DockerMount[];
  ports: DockerPort[];
  /** Non-secret settings a dump needs (POSTGRES_USER, POSTGRES_DB, MYSQL_DATABASE…). */
  settings: Record<string, string>;
}

export interface DockerInventory {
  serverVersion: string;
  containers: DockerContainer[];
  volumes: { name: string; driver: string }[];
  images: { repository: string; tag: string; id: string; size: string }[];
}

type Ctx = { signal: AbortSignal; log: RunLog };

/** Environment names safe to read (no passwords): the ones the proposed dumps use. */
const SETTING_NAMES = new Set(["POSTGRES_USER", "POSTGRES_DB", "MYSQL_DATABASE", "MARIADB_DATABASE", "MYSQL_USER", "MARIADB_USER"]);

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** One container from `docker inspect`. Exported for the unit test. */
export function containerOf(raw: Record<string, unknown>): DockerContainer {
  const config = (raw.Config ?? {}) as Record<string, unknown>;
  const state = (raw.State ?? {}) as Record<string, unknown>;
  const labels = (config.Labels ?? {}) as Record<string, string>;
  const settings: Record<string, string> = {};
  for (const e of (config.Env as string[] | null) ?? []) {
    const eq = e.indexOf("=");
    const name = eq > 0 ? e.slice(0, eq) : "";
    if (SETTING_NAMES.has(name)) settings[name] = e.slice(eq + 1);
  }
  const mounts = ((raw.Mounts as Record<string, unknown>[] | null) ?? []).map((m) => ({
    type: str(m.Type),
    source: str(m.Type) === "volume" ? str(m.Name) : str(m.Source),
    destination: str(m.Destination),
    readOnly: m.RW === false,
  }));
  const portMap = (((raw.NetworkSettings ?? {}) as Record<string, unknown>).Ports ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[] | null>;
  const ports: DockerPort[] = [];
  for (const [container, bindings] of Object.entries(portMap)) {
    if (!bindings?.length) ports.push({ container, hostIp: null, hostPort: null });
    else for (const b of bindings) ports.push({ container, hostIp: b.HostIp || null, hostPort: b.HostPort || null });
  }
  return {
    id: str(raw.Id).slice(0, 12),
    name: str(raw.Name).replace(/^\//, ""),
    image: str(config.Image),
    running: state.Running === true,
    state: str(state.Status),
    project: labels["com.docker.compose.project"] || null,
    service: labels["com.docker.compose.service"] || null,
    mounts,
    ports,
    settings,
  };
}

/** Docker on this runner's machine: refused with a clear message when the CLI or the daemon is not there. */
export async function dockerInventory(runner: ToolRunner, ctx: Ctx): Promise<DockerInventory> {
  const docker = async (args: string[]) => (await runner.run("docker", args, { ...ctx, capture: true, label: "docker" })).stdout;
  let serverVersion: string;
  try {
    serverVersion = (await docker(["version", "--format", "{{.Server.Version}}"])).trim();
  } catch (e) {
    if (e instanceof StepError) throw new StepError(`Docker does not answer on ${runner.where}: ${e.message}`, "failed", e.exitCode);
    throw e;
  }
  const ids = (await docker(["ps", "--all", "--no-trunc", "--format", "{{.ID}}"])).split("\n").filter(Boolean);
  const containers = ids.length ? (JSON.parse(await docker(["inspect", "--type", "container", ...ids])) as Record<string, unknown>[]).map(containerOf) : [];
  const volumes = jsonLines(await docker(["volume", "ls", "--format", "{{json .}}"])).map((v) => ({ name: str(v.Name), driver: str(v.Driver) }));
  const images = jsonLines(await docker(["image", "ls", "--format", "{{json .}}"])).map((i) => ({ repository: str(i.Repository), tag: str(i.Tag), id: str(i.ID), size: str(i.Size) }));
  containers.sort((a, b) => (a.project ?? "").localeCompare(b.project ?? "") || a.name.localeCompare(b.name));
  return { serverVersion, containers, volumes, images };
}
