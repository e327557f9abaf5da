"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { RunDto } from "@/lib/services/runs/dto";
import { pollRunLogAction } from "@/lib/actions/poll-run-log";
import { RunProgress } from "./run-progress";

const POLL_MS = 1000;

/**
 * The run's log, read by byte offset every second while the run goes (only new bytes travel),
 * with its progress. When the status changes the server page is refreshed, so the figures,
 * the status and the buttons stay the server's truth.
 */
export function RunLive({ initial }: { initial: RunDto }) {
  const router = useRouter();
  const [run, setRun] = useState(initial);
  const [log, setLog] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  // Read once: a refreshed page passes a newer `initial`, which must not restart the log at byte 0.
  const firstStatus = useRef(initial.status);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let offset = 0;
    let status = firstStatus.current;
    const tick = async () => {
      const res = await pollRunLogAction({ runId: initial.id, fromByte: offset });
      if (stopped) return;
      if (!res.ok) {
        setError(res.error);
        timer = setTimeout(tick, POLL_MS * 3);
        return;
      }
      setError(null);
      const { text, nextByte, done, run: now } = res.data;
      offset = nextByte;
      if (text) setLog((l) => l + text);
      setRun(now);
      if (now.status !== status) {
        status = now.status;
        router.refresh();
      }
      if (done) {
        setFinished(true);
        return;
      }
      // More text waiting (a long log read in pieces): fetch it at once, else wait a second.
      timer = setTimeout(tick, text ? 0 : POLL_MS);
    };
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id, router]);

  // Follow the end of the log unless the reader scrolled up to read something.
  useEffect(() => {
    const el = pre.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [log]);

  return (
    <div className="grid gap-3">
      <RunProgress run={run} />
      <div className="flex items-center justify-between">
        <h2 className="text-base font-semibold">Log</h2>
        <a className="text-sm underline" href={`/api/runs/${initial.id}/log`} target="_blank" rel="noreferrer">
          Open raw log
        </a>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          Could not read the log: {error}
        </p>
      ) : null}
      <pre
        ref={pre}
        role="log"
        aria-label="Run log"
        aria-live="polite"
        aria-busy={!finished}
        className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-slate-950 p-3 font-mono text-xs text-slate-100"
      >
        {log || (finished ? "(this run wrote no log)" : "Waiting for output…")}
      </pre>
    </div>
  );
}
