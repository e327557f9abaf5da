import { parseArgs } from "node:util";
import { apiTargetDetails } from "../api/target-list";
import { cliActor } from "./actor";
import type { Io } from "./io";
import { formatBytes } from "../ui/units";
import { printTable, when } from "./table";

/** "overdue since 2025-01-01 02:30Z (expected 02:00Z)", else the status word. */
function statusWords(t: { status: string; overdueSince: string | null; expectedAt: string | null }): string {
  if (t.status !== "overdue" || !t.overdueSince) return t.status;
  return `overdue since ${when(t.overdueSince)}${t.expectedAt ? ` (expected ${when(t.expectedAt)})` : ""}`;
}

/** lifeboat status [--json]: every target with the status word the UI shows. */
export async function status(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } }, strict: true });
  // The API's detail items: the list fields plus overdueSince/expectedAt.
  const rows = apiTargetDetails(cliActor());
  if (values.json) {
    io.out(JSON.stringify({ targets: rows }, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.out("No targets yet.");
    return 0;
  }
  const table = [
    ["ID", "TARGET", "TYPE", "STATUS", "LAST RUN", "LAST SUCCESS", "SIZE", "NEXT RUN"],
    ...rows.map((t) => [String(t.id), `${t.app}/${t.name}`, t.type, statusWords(t), when(t.lastRunAt), when(t.lastSuccessAt), formatBytes(t.lastSizeBytes), when(t.nextRunAt)]),
  ];
  printTable(table, io.out);
  return 0;
}
