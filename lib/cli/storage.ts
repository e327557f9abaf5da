import { parseArgs } from "node:util";
import { listStorageLocations } from "../services/storage-locations/list";
import { createStorageLocation } from "../services/storage-locations/create";
import { deleteStorageLocation } from "../services/storage-locations/delete";
import { testStorageLocation } from "../services/storage-locations/test-location";
import { rescanLocation } from "../services/storage-locations/rescan";
import { NotFoundError } from "../errors";
import { closeBackends } from "../engine/storage/locations";
import { cliActor } from "./actor";
import { readStdin, type Io } from "./io";
import { printTable } from "./table";
import { UsageError } from "./usage";

/** A location by id or by name. */
function findLocationId(ref: string | undefined): number {
  if (!ref) throw new UsageError("give a location id or name");
  const all = listStorageLocations(cliActor());
  const hit = /^\d+$/.test(ref) ? all.find((l) => l.id === Number(ref)) : all.find((l) => l.name === ref);
  if (!hit) throw new NotFoundError(`No storage location ${JSON.stringify(ref)} (see lifeboat storage list)`);
  return hit.id;
}

/** lifeboat storage list [--json] */
export async function storageList(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } }, strict: true });
  const rows = listStorageLocations(cliActor());
  if (values.json) {
    io.out(JSON.stringify({ storage: rows }, null, 2));
    return 0;
  }
  printTable(
    [["ID", "NAME", "KIND", "WHERE", "ENCRYPTION", "ARTIFACTS"], ...rows.map((l) => [String(l.id), l.name, l.kind, l.where, l.encryption, String(l.artifacts)])],
    io.out,
  );
  return 0;
}

/**
 * lifeboat storage add --name N --kind local|s3|sftp [--set FIELD=VALUE]... [--secret-stdin FIELD]
 * [--encryption none|age] [--recipient KEY]... — a secret (or a private key) is read from stdin,
 * never from the command line, where any local user could read it.
 */
export async function storageAdd(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      kind: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      "secret-stdin": { type: "string" },
      encryption: { type: "string", default: "none" },
      recipient: { type: "string", multiple: true, default: [] },
    },
    strict: true,
  });
  if (!values.name || !values.kind) throw new UsageError("--name and --kind are required");
  const settings: Record<string, unknown> = {};
  for (const pair of values.set) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--set takes FIELD=VALUE, not "${pair}"`);
    const [k, v] = [pair.slice(0, at), pair.slice(at + 1)];
    settings[k] = v === "true" ? true : v === "false" ? false : k === "port" ? Number(v) : v;
  }
  if (values["secret-stdin"]) settings[values["secret-stdin"]] = (await readStdin(io.stdin)).replace(/\r?\n$/, "");
  const loc = await createStorageLocation(cliActor(), {
    name: values.name,
    kind: values.kind as "local",
    settings,
    encryption: values.encryption as "none",
    ageRecipients: values.recipient,
  });
  io.out(`Storage location ${loc.id} "${loc.name}" added: ${loc.where}${loc.ageRecipient ? ` (age, public key ${loc.ageRecipient})` : ""}`);
  io.out("Download a new recovery kit: lifeboat recovery-kit export > kit");
  return 0;
}

/** lifeboat storage test <id | name> */
export async function storageTest(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const r = await testStorageLocation(cliActor(), findLocationId(positionals[0])).finally(closeBackends);
  io.out(`OK: wrote, read back and deleted a test object in ${r.latencyMs} ms`);
  return 0;
}

/** lifeboat storage remove <id | name> */
export async function storageRemove(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const id = findLocationId(positionals[0]);
  deleteStorageLocation(cliActor(), id);
  io.out(`Storage location ${id} removed.`);
  return 0;
}

/** lifeboat storage rescan <id | name> */
export async function storageRescan(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const r = await rescanLocation(cliActor(), findLocationId(positionals[0])).finally(closeBackends);
  for (const x of r.registered) io.out(`registered run ${x.runId}: ${x.app}/${x.target} ${x.key}`);
  for (const x of r.pitr) io.out(`PITR copies of ${x.app}/${x.target} (target ${x.targetId}): ${x.baseBackups} base backup(s), ${x.walFiles} WAL file(s) registered`);
  for (const x of r.unreadable) io.err(`unreadable: ${x.key}: ${x.error}`);
  io.out(`${r.registered.length} artifact(s) registered, ${r.unreadable.length} unreadable, ${r.known} already known.`);
  return 0;
}
