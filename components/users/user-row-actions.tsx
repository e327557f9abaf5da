"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteUserAction, updateUserAction } from "@/app/(console)/users/actions";

interface Row {
  id: number;
  email: string;
  role: string;
  disabled: boolean;
}

/** Role, disable/enable, password reset and delete for one user (admin; the actions check it). */
export function UserRowActions({ user, isSelf }: { user: Row; isSelf: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");

  const run = (input: Record<string, unknown>, done?: string) =>
    start(async () => {
      setError(null);
      setNotice(null);
      const r = await updateUserAction({ id: user.id, ...input });
      if (!r.ok) setError(r.fieldErrors?.password ?? r.error);
      else {
        if (done) setNotice(done);
        setResetting(false);
        setPassword("");
        router.refresh();
      }
    });

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <NativeSelect
        aria-label={`Role of ${user.email}`}
        className="h-8 w-32"
        value={user.role}
        disabled={pending}
        onChange={(e) => run({ role: e.target.value }, "Role changed")}
      >
        <option value="viewer">viewer</option>
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </NativeSelect>
      {!isSelf ? (
        <Button type="button" variant="outline" size="sm" disabled={pending} onClick={() => run({ disabled: !user.disabled })}>
          {user.disabled ? "Enable" : "Disable"}
        </Button>
      ) : null}
      {resetting ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run({ password }, "Password changed");
          }}
        >
          <Input
            type="password"
            aria-label={`New password for ${user.email}`}
            autoComplete="new-password"
            className="h-8 w-44"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" size="sm" disabled={pending}>
            Set password
          </Button>
          <Button type="button" variant="ghost" size="sm" onClick={() => setResetting(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button type="button" variant="outline" size="sm" onClick={() => setResetting(true)}>
          Reset password
        </Button>
      )}
      {!isSelf ? (
        <ConfirmButton
          label="Delete"
          confirmLabel="Yes, delete user"
          question={`Delete ${user.email}?`}
          onConfirm={async () => {
            const r = await deleteUserAction({ id: user.id });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
      {notice ? (
        <span role="status" className="text-xs text-green-700">
          {notice}
        </span>
      ) : null}
    </div>
  );
}
