"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { downloadRecoveryKitAction } from "@/app/(console)/settings/storage/actions";

/** Save a text as a file in the browser (the kit never touches a URL or the server's disk). */
function saveFile(filename: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Type the password again, get the kit: every location's credentials and keys in one file. */
export function RecoveryKitCard({ lastExportAt, needed }: { lastExportAt: string | null; needed: boolean }) {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <section id="recovery-kit" aria-labelledby="kit-heading" className="grid gap-3 rounded-lg border border-border p-3">
      <h2 id="kit-heading" className="text-base font-semibold">
        Recovery kit
      </h2>
      <p className="text-sm text-muted-foreground">
        If this server is lost, its database and <code>secret.key</code> go with it — and with them the keys to your offsite backups. The kit is one file
        with every location, its credentials and its encryption keys: keep it offline (a safe, a password vault). On a new server:{" "}
        <code>npx lifeboat recovery-kit import kit.json</code>.
      </p>
      <p className="text-sm">
        {lastExportAt ? `Last downloaded ${new Date(lastExportAt).toLocaleString()}.` : "Never downloaded."}
        {needed ? " Locations changed since: download a new one." : ""}
      </p>
      <form
        className="grid max-w-md gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            setError(null);
            setDone(null);
            const r = await downloadRecoveryKitAction(password);
            if (!r.ok) return setError(r.fieldErrors?.password ?? r.error);
            saveFile(r.data.filename, r.data.body);
            setPassword("");
            setDone(`Downloaded ${r.data.filename}`);
            router.refresh();
          });
        }}
      >
        <Field id="kit-password" label="Your password" error={error ?? undefined} hint="Asked again: the kit holds every credential.">
          <Input id="kit-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={pending || !password}>
            {pending ? "Preparing…" : "Download recovery kit"}
          </Button>
          {done ? <span className="text-xs text-green-700 dark:text-green-400">{done}</span> : null}
        </div>
      </form>
    </section>
  );
}
