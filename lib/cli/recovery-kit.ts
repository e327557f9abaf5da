import fs from "node:fs";
import { parseArgs } from "node:util";
import { exportRecoveryKit } from "../services/recovery-kit/export";
import { importRecoveryKit } from "../services/recovery-kit/import";
import { cliActor } from "./actor";
import { readStdin, type Io } from "./io";
import { UsageError } from "./usage";

/** lifeboat recovery-kit export > kit.json */
export async function recoveryKitExport(args: string[], io: Io): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const kit = await exportRecoveryKit(cliActor());
  io.out(kit.body.trimEnd());
  io.err("Recovery kit written to stdout: keep it offline and safe, it holds every storage credential and key.");
  return 0;
}

/** lifeboat recovery-kit import <kit.json | -> */
export async function recoveryKitImport(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file) throw new UsageError("give the kit file (or - for stdin)");
  const text = file === "-" ? await readStdin(io.stdin) : fs.readFileSync(file, "utf8");
  const r = importRecoveryKit(cliActor(), text);
  io.out(`Recovery kit imported: ${r.created.length} location(s) added${r.created.length ? ` (${r.created.join(", ")})` : ""}, ${r.updated.length} updated${r.updated.length ? ` (${r.updated.join(", ")})` : ""}.`);
  io.out("Next: list what the locations hold and register it: lifeboat storage rescan <location>.");
  return 0;
}
