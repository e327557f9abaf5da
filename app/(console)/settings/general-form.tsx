"use client";

import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { saveGeneralSettingsAction } from "./actions";

export interface GeneralValues {
  defaultTimezone: string;
  maxParallelRuns: number;
  retentionSweepTime: string;
  defaultStorageDir: string;
  uploadMaxBytes: number;
  scrubSample: number;
}

export function GeneralSettingsForm({ values }: { values: GeneralValues }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [fe, setFe] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []), []);

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "");
    start(async () => {
      const r = await saveGeneralSettingsAction({
        defaultTimezone: s("defaultTimezone"),
        maxParallelRuns: s("maxParallelRuns"),
        retentionSweepTime: s("retentionSweepTime"),
        defaultStorageDir: s("defaultStorageDir"),
        uploadMaxMb: s("uploadMaxMb"),
        scrubSample: s("scrubSample"),
      });
      setFe(r.ok ? {} : (r.fieldErrors ?? {}));
      setMsg(r.ok ? { ok: true, text: "Settings saved. They apply at once." } : { ok: false, text: r.error });
      if (r.ok) {
        toast.success("Settings saved");
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-3xl gap-4 sm:grid-cols-2" noValidate>
      {msg ? (
        <Alert variant={msg.ok ? "success" : "destructive"} className="sm:col-span-2">
          {msg.text}
        </Alert>
      ) : null}
      <Field id="defaultTimezone" label="Default timezone" error={fe.defaultTimezone} hint="For new schedules and the daily retention sweep (IANA name)">
        <Input id="defaultTimezone" name="defaultTimezone" list="settings-timezones" defaultValue={values.defaultTimezone} aria-invalid={!!fe.defaultTimezone} />
      </Field>
      <datalist id="settings-timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Field id="maxParallelRuns" label="Maximum parallel runs" error={fe.maxParallelRuns} hint="Backups running at the same time (1-32)">
        <Input id="maxParallelRuns" name="maxParallelRuns" inputMode="numeric" defaultValue={values.maxParallelRuns} aria-invalid={!!fe.maxParallelRuns} />
      </Field>
      <Field id="retentionSweepTime" label="Daily retention sweep time" error={fe.retentionSweepTime} hint="HH:MM (24 h) in the default timezone">
        <Input id="retentionSweepTime" name="retentionSweepTime" defaultValue={values.retentionSweepTime} aria-invalid={!!fe.retentionSweepTime} />
      </Field>
      <Field id="defaultStorageDir" label="Default storage folder" error={fe.defaultStorageDir} hint="Absolute path; targets without their own storage folder write here">
        <Input id="defaultStorageDir" name="defaultStorageDir" defaultValue={values.defaultStorageDir} aria-invalid={!!fe.defaultStorageDir} />
      </Field>
      <Field id="uploadMaxMb" label="Upload size limit (MiB)" error={fe.uploadMaxMb} hint="Largest artifact that can be uploaded for a restore">
        <Input id="uploadMaxMb" name="uploadMaxMb" inputMode="numeric" defaultValue={Math.round(values.uploadMaxBytes / 1024 / 1024)} aria-invalid={!!fe.uploadMaxMb} />
      </Field>
      <Field id="scrubSample" label="Copies checked per daily scrub" error={fe.scrubSample} hint="Offsite copies re-read and checked against their sha256 each day, least recently checked first; 0 turns the scrub off">
        <Input id="scrubSample" name="scrubSample" inputMode="numeric" defaultValue={values.scrubSample} aria-invalid={!!fe.scrubSample} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
