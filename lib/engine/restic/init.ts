import { ResticError } from "./errors";
import { runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

/**
 * Create the repository (format v2: compressed). Key derivation makes this take 2–3.5 s here,
 * which is why it happens when the location is set up, not inside the first run.
 */
export async function initRepo(repo: ResticRepo, opts: ResticCallOptions = {}): Promise<void> {
  await runRestic(repo, ["init", "--repository-version", "2"], "init", opts);
}

/** Whether a readable repository is there: false when there is none; a wrong password throws. */
export async function repoExists(repo: ResticRepo, opts: ResticCallOptions = {}): Promise<boolean> {
  try {
    await runRestic(repo, ["cat", "config", "--no-lock"], "cat config", { ...opts, capture: true });
    return true;
  } catch (e) {
    if (e instanceof ResticError && e.kind === "no-repository") return false;
    throw e;
  }
}

/** Init only when there is no repository yet (the password must match one that is there). */
export async function ensureRepo(repo: ResticRepo, opts: ResticCallOptions = {}): Promise<"created" | "existing"> {
  if (await repoExists(repo, opts)) return "existing";
  await initRepo(repo, opts);
  return "created";
}
