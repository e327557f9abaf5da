"use client";

import { useEffect, useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { createScheduleAction, previewRuleAction, updateScheduleAction } from "@/app/(console)/schedules/actions";
import type { ScheduleDto } from "@/lib/services/schedules/dto";
import type { RulePreview } from "@/lib/services/schedules/preview";
import { NextTimes } from "./next-times";

const KINDS = [
  { value: "hourly", label: "Hourly" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
  { value: "cron", label: "Cron expression" },
  { value: "manual", label: "Manual only (never scheduled)" },
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const txt = (n: number | null | undefined, fallback = "") => (n == null ? fallback : String(n));

type Rule = { kind: string; minute: string; hour: string; weekday: string; dayOfMonth: string; cronExpr: string; timezone: string };

/** Create or edit a schedule; the rule in words and the next 5 times update as you type. */
export function ScheduleForm({
  targets,
  schedule,
  defaultTargetId,
  defaultTimezone,
}: {
  targets: { id: number; label: string }[];
  schedule?: ScheduleDto;
  defaultTargetId?: number;
  defaultTimezone: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fe, setFe] = useState<Record<string, string>>({});
  const [rule, setRule] = useState<Rule>({
    kind: schedule?.kind ?? "daily",
    minute: txt(schedule?.minute, "0"),
    hour: txt(schedule?.hour, "2"),
    weekday: txt(schedule?.weekday, "1"),
    dayOfMonth: txt(schedule?.dayOfMonth, "1"),
    cronExpr: schedule?.cronExpr ?? "",
    timezone: schedule?.timezone ?? defaultTimezone,
  });
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []), []);
  // Typing in a field drops the error the last save left there: the live preview checks it again.
  const set = (k: keyof Rule) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const value = e.target.value;
    setRule((r) => ({ ...r, [k]: value }));
    setFe((prev) => {
      if (!(k in prev)) return prev;
      const next = { ...prev };
      delete next[k];
      return next;
    });
  };

  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const r = await previewRuleAction(rule);
      if (live && r.ok) setPreview(r.data);
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [rule]);

  // Errors beside the fields: the server's answer on save, else the live preview's.
  const err = (k: string) => fe[k] ?? preview?.fieldErrors[k];
  const uses = (k: string) =>
    ({
      minute: ["hourly", "daily", "weekly", "monthly"],
      hour: ["daily", "weekly", "monthly"],
      weekday: ["weekly"],
      dayOfMonth: ["monthly"],
      cronExpr: ["cron"],
    })[k]?.includes(rule.kind);

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "");
    const input = {
      ...rule,
      targetId: s("targetId"),
      purpose: s("purpose") || "backup",
      graceMinutes: s("graceMinutes"),
      retryMax: s("retryMax"),
      retryBackoffMinutes: s("retryBackoffMinutes"),
      enabled: f.get("enabled") === "on",
      catchUp: f.get("catchUp") === "on",
    };
    start(async () => {
      const r = schedule ? await updateScheduleAction({ ...input, id: schedule.id }) : await createScheduleAction(input);
      if (!r.ok) {
        setError(r.error);
        setFe(r.fieldErrors ?? {});
        return;
      }
      toast.success(schedule ? "Schedule saved" : "Schedule created");
      router.push("/schedules");
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-2xl gap-4" noValidate>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Field id="targetId" label="Target" error={fe.targetId}>
        <NativeSelect id="targetId" name="targetId" defaultValue={String(schedule?.targetId ?? defaultTargetId ?? "")} aria-invalid={!!fe.targetId}>
          <option value="">Pick a target…</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="kind" label="Repeat" error={err("kind")}>
          <NativeSelect id="kind" value={rule.kind} onChange={set("kind")}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="purpose" label="Purpose" error={fe.purpose}>
          <NativeSelect id="purpose" name="purpose" defaultValue={schedule?.purpose ?? "backup"}>
            <option value="backup">Backup</option>
            <option value="test_restore">Test restore</option>
          </NativeSelect>
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {uses("weekday") ? (
          <Field id="weekday" label="Weekday" error={err("weekday")}>
            <NativeSelect id="weekday" value={rule.weekday} onChange={set("weekday")}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i}>
                  {d}
                </option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}
        {uses("dayOfMonth") ? (
          <Field id="dayOfMonth" label="Day of month" error={err("dayOfMonth")}>
            <Input id="dayOfMonth" inputMode="numeric" value={rule.dayOfMonth} onChange={set("dayOfMonth")} aria-invalid={!!err("dayOfMonth")} />
          </Field>
        ) : null}
        {uses("hour") ? (
          <Field id="hour" label="Hour (0-23)" error={err("hour")}>
            <Input id="hour" inputMode="numeric" value={rule.hour} onChange={set("hour")} aria-invalid={!!err("hour")} />
          </Field>
        ) : null}
        {uses("minute") ? (
          <Field id="minute" label="Minute (0-59)" error={err("minute")}>
            <Input id="minute" inputMode="numeric" value={rule.minute} onChange={set("minute")} aria-invalid={!!err("minute")} />
          </Field>
        ) : null}
      </div>
      {uses("cronExpr") ? (
        <Field id="cronExpr" label="Cron expression" error={err("cronExpr")} hint="5 fields: minute hour day-of-month month weekday, e.g. 30 1 * * 1-5">
          <Input id="cronExpr" value={rule.cronExpr} onChange={set("cronExpr")} aria-invalid={!!err("cronExpr")} className="font-mono" />
        </Field>
      ) : null}
      {rule.kind !== "manual" ? (
        <Field id="timezone" label="Timezone" error={err("timezone")} hint="IANA name; the schedule is due in this timezone">
          <Input id="timezone" list="timezones" value={rule.timezone} onChange={set("timezone")} aria-invalid={!!err("timezone")} />
        </Field>
      ) : null}
      <datalist id="timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>

      <section aria-label="Schedule preview" className="grid gap-2 rounded-md border border-border bg-muted p-3">
        <p className="text-sm">
          <span className="font-medium">Runs: </span>
          <span data-testid="rule-in-words">{preview?.description ?? "—"}</span>
        </p>
        {preview?.description && rule.kind !== "manual" ? <NextTimes times={preview.next} /> : null}
      </section>

      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="graceMinutes" label="Grace (minutes)" error={fe.graceMinutes} hint="Overdue when no success this long after a due time">
          <Input id="graceMinutes" name="graceMinutes" inputMode="numeric" defaultValue={txt(schedule?.graceMinutes, "60")} aria-invalid={!!fe.graceMinutes} />
        </Field>
        <Field id="retryMax" label="Automatic retries" error={fe.retryMax} hint="0 = no retry">
          <Input id="retryMax" name="retryMax" inputMode="numeric" defaultValue={txt(schedule?.retryMax, "0")} aria-invalid={!!fe.retryMax} />
        </Field>
        <Field id="retryBackoffMinutes" label="First retry after (minutes)" error={fe.retryBackoffMinutes} hint="Doubles after each failed retry">
          <Input id="retryBackoffMinutes" name="retryBackoffMinutes" inputMode="numeric" defaultValue={txt(schedule?.retryBackoffMinutes, "5")} aria-invalid={!!fe.retryBackoffMinutes} />
        </Field>
      </div>
      <div className="grid gap-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="enabled" defaultChecked={schedule?.enabled ?? true} /> Enabled
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="catchUp" defaultChecked={schedule?.catchUp ?? false} /> Run once at start-up if a slot was missed
        </label>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {schedule ? "Save schedule" : "Create schedule"}
        </Button>
        <Button type="button" variant="outline" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
