"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { testConnectionAction } from "@/app/(console)/targets/actions";
import type { ConnectionCheckDto, TestConnectionInput } from "@/lib/services/targets/test-connection";

type Outcome = { checks: ConnectionCheckDto[] } | { error: string } | null;

/** Runs the type module's probe through the service (admins only) and keeps its last answer. */
export function useConnectionCheck() {
  const [pending, start] = useTransition();
  const [outcome, setOutcome] = useState<Outcome>(null);
  return {
    pending,
    outcome,
    reset: () => setOutcome(null),
    run: (input: TestConnectionInput) =>
      start(async () => {
        const r = await testConnectionAction(input);
        setOutcome(r.ok ? { checks: r.data } : { error: Object.values(r.fieldErrors ?? {})[0] ?? r.error });
      }),
  };
}

/**
 * "Test connection": a database answers with its version, a folder is readable, a script and the
 * hooks are found and executable. Nothing is saved; a warning (a SQLite file not there yet) is not an error.
 */
export function TestConnection({ check, onTest }: { check: ReturnType<typeof useConnectionCheck>; onTest: (form: HTMLFormElement | null) => void }) {
  const o = check.outcome;
  return (
    <div className="grid gap-2">
      <div>
        <Button type="button" variant="secondary" disabled={check.pending} onClick={(e) => onTest(e.currentTarget.form)}>
          {check.pending ? "Testing…" : "Test connection"}
        </Button>
      </div>
      {o && "error" in o ? (
        <p role="alert" className="text-sm text-destructive">
          {o.error}
        </p>
      ) : null}
      {o && "checks" in o ? (
        <ul className="grid gap-1 text-sm" aria-label="Connection test results" role="status">
          {o.checks.map((c) => (
            <li key={c.what} className={c.ok ? (c.warning ? "text-amber-700 dark:text-amber-400" : "text-emerald-700 dark:text-emerald-400") : "text-destructive"}>
              <span className="font-medium">{c.ok ? (c.warning ? "Warning" : "OK") : "Failed"}</span> ({c.what}): {c.warning ?? c.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
