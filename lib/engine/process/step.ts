/** Why a step stopped; the runner maps it to the run's status and error summary. */
export type StepErrorKind = "failed" | "timeout" | "cancelled" | "storage-full";

export class StepError extends Error {
  constructor(
    message: string,
    readonly kind: StepErrorKind = "failed",
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = "StepError";
  }
}

/**
 * Run one step (hook, dump, archive) with its own timeout and the run's cancel signal. The step
 * gets a signal that aborts with a StepError saying why; whatever the step throws after that is
 * replaced by the reason, so a killed tool's noise never hides "timed out after N s".
 */
export async function step<T>(
  runSignal: AbortSignal,
  timeoutSeconds: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  const onRun = () => ac.abort(runSignal.reason instanceof StepError ? runSignal.reason : new StepError("cancelled", "cancelled"));
  if (runSignal.aborted) onRun();
  else runSignal.addEventListener("abort", onRun, { once: true });
  const timer = setTimeout(
    () => ac.abort(new StepError(`timed out after ${timeoutSeconds} s`, "timeout")),
    timeoutSeconds * 1000,
  );
  try {
    if (ac.signal.aborted) throw ac.signal.reason;
    return await fn(ac.signal);
  } catch (e) {
    if (ac.signal.aborted) throw ac.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener("abort", onRun);
  }
}

/** Settle as soon as the signal aborts, for work that cannot be interrupted itself. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
