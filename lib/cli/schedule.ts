import { parseArgs } from "node:util";
import { SCHEDULE_KINDS } from "../db/schema";
import { WEEKDAYS } from "../engine/scheduler/rule";
import { toApiSchedule } from "../api/schedule-shape";
import { getSchedule, listSchedules } from "../services/schedules/list";
import { createSchedule } from "../services/schedules/save";
import { cliActor } from "./actor";
import { findTargetId } from "./find-target";
import type { Io } from "./io";
import { printTable, when } from "./table";
import { UsageError } from "./usage";
import { withApiFieldNames } from "../api/field-names";

/** The service's field names → this command's options, for error messages. */
const CLI_FIELDS = { cronExpr: "--cron", minute: "--minute", hour: "--hour", weekday: "--weekday", dayOfMonth: "--day", timezone: "--timezone", graceMinutes: "--grace", purpose: "--purpose", retryMax: "--retries" };

/** lifeboat schedule list [--target <id | app/target>] [--json] */
export async function scheduleList(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { target: { type: "string" }, json: { type: "boolean", default: false } }, strict: true });
  const actor = cliActor();
  const targetId = values.target ? findTargetId(actor, values.target) : undefined;
  const rows = listSchedules(actor, { targetId });
  if (values.json) {
    io.out(JSON.stringify({ schedules: rows.map(toApiSchedule) }, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.out("No schedules yet.");
    return 0;
  }
  printTable(
    [
      ["ID", "TARGET", "PURPOSE", "RULE", "ENABLED", "GRACE", "NEXT RUN", "LAST RUN"],
      ...rows.map((s) => [
        String(s.id),
        `${s.appName}/${s.targetName}`,
        s.purpose,
        s.description,
        s.enabled ? "yes" : "no",
        `${s.graceMinutes} min`,
        when(s.nextRunAt),
        s.lastRun ? `${when(s.lastRun.at)} ${s.lastRun.status}` : "—",
      ]),
    ],
    io.out,
  );
  return 0;
}

/** "1", "mon", "Monday" → 1 (0 = Sunday). */
function weekday(v: string | undefined): string | undefined {
  if (v === undefined || /^\d+$/.test(v)) return v;
  const i = WEEKDAYS.findIndex((d) => d.toLowerCase().startsWith(v.toLowerCase().slice(0, 3)));
  if (i < 0 || v.length < 3) throw new UsageError(`--weekday: a number 0-6 (0 = Sunday) or a day name, not "${v}"`);
  return String(i);
}

/**
 * lifeboat schedule create <id | app/target> --kind K [--cron EXPR] [--minute M] [--hour H]
 * [--weekday D] [--day N] [--timezone TZ] [--grace MIN] [--purpose backup|test_restore]
 * [--retries N] [--catch-up] [--disabled]
 */
export async function scheduleCreate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: "string" },
      cron: { type: "string" },
      minute: { type: "string" },
      hour: { type: "string" },
      weekday: { type: "string" },
      day: { type: "string" },
      timezone: { type: "string" },
      grace: { type: "string" },
      purpose: { type: "string" },
      retries: { type: "string" },
      "catch-up": { type: "boolean", default: false },
      disabled: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("schedule create needs one target: <id> or <app>/<target>");
  if (!values.kind || !(SCHEDULE_KINDS as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${SCHEDULE_KINDS.join(", ")}`);
  const actor = cliActor();
  const targetId = findTargetId(actor, positionals[0]!);
  // Strings as the form sends them: the service parses and checks them, with the form's messages.
  const row = withApiFieldNames(CLI_FIELDS, () =>
    createSchedule(actor, {
    targetId,
    kind: values.kind,
    cronExpr: values.cron,
    minute: values.minute,
    hour: values.hour,
    weekday: weekday(values.weekday),
    dayOfMonth: values.day,
    timezone: values.timezone,
    graceMinutes: values.grace,
    purpose: values.purpose,
    retryMax: values.retries,
    catchUp: values["catch-up"],
    enabled: !values.disabled,
    }),
  );
  const s = getSchedule(actor, row.id);
  io.out(`Created schedule ${s.id} for ${s.appName}/${s.targetName}: ${s.description}${s.nextRunAt ? `; next run ${when(s.nextRunAt)}` : ""}`);
  return 0;
}
