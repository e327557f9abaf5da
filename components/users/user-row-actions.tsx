"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteUserAction, updateUserAction } from "@/app/(console)/users/actions";

interface Row {
  id: number;
  email: string;
  role: string;
  disabled: boolean;
}

const ROLE_MEANS: Record<string, string> = {
  viewer: "sees everything, triggers nothing, downloads nothing",
  operator: "can also back up now, restore, download and retry",
  admin: "can also manage apps, targets, schedules, users, tokens and settings",
};

/** Role (asked again before it changes), disable/enable, password reset, delete (in ⋯) for one user. */
export function UserRowActions({ user, isSelf }: { user: Row; isSelf: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const [newRole, setNewRole] = useState<string | null>(null);

  // `inline`: also say it beside the row (password, role); enable/disable shows in the row's badge.
  const update = async (input: Record<string, unknown>, done: string, inline = true) => {
    setError(null);
    setNotice(null);
    const r = await updateUserAction({ id: user.id, ...input });
    if (!r.ok) {
      setError(r.fieldErrors?.password ?? r.error);
      return { ok: false, error: r.fieldErrors?.password ?? r.error };
    }
    if (inline) setNotice(done);
    toast.success(`${user.email}: ${done.toLowerCase()}`);
    setResetting(false);
    setPassword("");
    router.refresh();
    return { ok: true };
  };
  const run = (input: Record<string, unknown>, done: string, inline = true) => start(async () => void (await update(input, done, inline)));

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <NativeSelect
        aria-label={`Role of ${user.email}`}
        className="h-8 w-32"
        value={user.role}
        disabled={pending}
        onChange={(e) => setNewRole(e.target.value)}
      >
        <option value="viewer">viewer</option>
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </NativeSelect>
      {newRole ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => (o ? null : setNewRole(null))}
          text={{
            title: `Make ${user.email} ${/^[aeiou]/.test(newRole) ? "an" : "a"} ${newRole}?`,
            description: `From ${user.role} to ${newRole}: ${ROLE_MEANS[newRole] ?? ""}. It applies at once, also to a session that is open now.`,
            action: `Change role to ${newRole}`,
            destructive: false,
          }}
          onConfirm={() => update({ role: newRole }, "Role changed")}
        />
      ) : null}
      {!isSelf ? (
        <Button type="button" variant="ghost" size="sm" disabled={pending} onClick={() => run({ disabled: !user.disabled }, user.disabled ? "Enabled" : "Disabled", false)}>
          {user.disabled ? "Enable" : "Disable"}
        </Button>
      ) : null}
      {resetting ? (
        <form
          className="flex flex-wrap items-center gap-2"
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
        <MoreMenu
          label="More actions for this user"
          items={[
            {
              kind: "confirm",
              label: "Delete user…",
              confirm: {
                title: `Delete ${user.email}?`,
                description: "They can no longer sign in, and open sessions end. What they did stays in the audit trail under their email; their runs stay in the history without a user.",
                action: "Delete user",
              },
              run: async () => {
                const r = await deleteUserAction({ id: user.id });
                if (r.ok) {
                  toast.success(`User ${user.email} deleted`);
                  router.refresh();
                }
                return r;
              },
            },
          ]}
        />
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
      {notice ? (
        <span role="status" className="text-xs text-green-700 dark:text-green-400">
          {notice}
        </span>
      ) : null}
    </div>
  );
}
