"use client";

import { Field } from "@/components/ui/field";

type InputFn = (key: "restoreUser" | "restorePassword", props?: React.InputHTMLAttributes<HTMLInputElement>) => React.ReactNode;

/**
 * The optional restricted restore login of a PostgreSQL / MariaDB target: uploaded artifacts are
 * restored (and test-restored) with it, so a crafted dump runs without superuser rights.
 */
export function RestoreLoginFields({ type, input, errors, stored }: { type: string; input: InputFn; errors: Record<string, string>; stored: boolean }) {
  const hint =
    type === "postgres"
      ? "A role without SUPERUSER (and not in pg_execute_server_program); it needs rights on the database, and CREATEDB for test restores."
      : "A user without SUPER and FILE; it needs rights on the database, and on lifeboat\\_verify\\_% databases for test restores.";
  return (
    <fieldset className="grid gap-2 rounded-md border border-dashed border-slate-300 p-3">
      <legend className="px-1 text-sm font-medium">Restricted restore login (optional)</legend>
      <p className="text-xs text-slate-600">Uploaded artifacts are restored with this login instead of the one above. {hint}</p>
      <div className="grid grid-cols-2 gap-3">
        <Field id="source-restoreUser" label="Restore user" error={errors["source.restoreUser"]}>
          {input("restoreUser", { autoComplete: "off" })}
        </Field>
        <Field id="source-restorePassword" label="Restore password" error={errors["source.restorePassword"]}>
          {input("restorePassword", { type: "password", autoComplete: "new-password", placeholder: stored ? "leave empty to keep it" : "" })}
        </Field>
      </div>
    </fieldset>
  );
}
