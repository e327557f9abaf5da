"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { createAppAction, updateAppAction } from "@/app/(console)/apps/actions";

export interface AppFormValues {
  id?: number;
  name: string;
  description: string | null;
}

export function AppForm({ app }: { app?: AppFormValues }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fe, setFe] = useState<Record<string, string>>({});

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
    start(async () => {
      const r = app?.id ? await updateAppAction({ id: app.id, ...input }) : await createAppAction(input);
      if (r.ok) {
        toast.success(app?.id ? `App ${input.name} saved` : `App ${input.name} created`);
        router.push(`/apps/${r.data.id}`);
        router.refresh();
      } else {
        setError(r.error);
        setFe(r.fieldErrors ?? {});
      }
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-lg gap-4" noValidate>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Field id="app-name" label="Name" error={fe.name} hint="Letters, digits, spaces, _ . - (used in storage paths as {app})">
        <Input id="app-name" name="name" defaultValue={app?.name} required aria-invalid={!!fe.name} />
      </Field>
      <Field id="app-description" label="Description" error={fe.description}>
        <Textarea id="app-description" name="description" defaultValue={app?.description ?? ""} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : app?.id ? "Save app" : "Create app"}
        </Button>
      </div>
    </form>
  );
}
