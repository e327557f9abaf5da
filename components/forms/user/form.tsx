"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { createUserAction } from "@/app/(console)/users/actions";

export const ROLE_HINTS: Record<string, string> = {
  viewer: "viewer: sees everything, triggers nothing",
  operator: "operator: + back up now, restore, download",
  admin: "admin: + apps, targets, users, settings",
};

export function UserForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fe, setFe] = useState<Record<string, string>>({});

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      name: String(f.get("name") ?? "") || null,
      email: String(f.get("email") ?? ""),
      password: String(f.get("password") ?? ""),
      role: String(f.get("role") ?? "viewer"),
    };
    start(async () => {
      const r = await createUserAction(input);
      if (r.ok) {
        toast.success(`User ${input.email} created`);
        router.push("/users");
        router.refresh();
      } else {
        setError(r.error);
        setFe(r.fieldErrors ?? {});
      }
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate>
      {error ? <Alert variant="destructive" className="sm:col-span-2">{error}</Alert> : null}
      <Field id="name" label="Name" error={fe.name}>
        <Input id="name" name="name" autoComplete="off" />
      </Field>
      <Field id="email" label="Email" error={fe.email}>
        <Input id="email" name="email" type="email" autoComplete="off" required aria-invalid={!!fe.email} />
      </Field>
      <Field id="password" label="Password" error={fe.password} hint="At least 10 characters; share it with them safely">
        <Input id="password" name="password" type="password" autoComplete="new-password" required aria-invalid={!!fe.password} />
      </Field>
      <Field id="role" label="Role" error={fe.role}>
        <NativeSelect id="role" name="role" defaultValue="viewer">
          {Object.entries(ROLE_HINTS).map(([role, hint]) => (
            <option key={role} value={role}>
              {hint}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
