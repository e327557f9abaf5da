/** Why a restic command failed, in words a user can act on. `kind` lets callers branch without parsing text. */
export type ResticErrorKind = "wrong-password" | "no-repository" | "locked" | "cancelled" | "dump-failed" | "not-installed" | "failed";

export class ResticError extends Error {
  constructor(
    message: string,
    readonly kind: ResticErrorKind = "failed",
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = "ResticError";
  }
}

/**
 * restic 0.14 exits 1 for nearly everything (the distinct exit codes came in 0.17), so the
 * `Fatal:` line on stderr is what tells the cases apart.
 */
export function classifyFailure(stderrTail: string[], exitCode: number | null, what: string): ResticError {
  const text = stderrTail.join("\n");
  const fatal = stderrTail.filter((l) => /^Fatal:|error/i.test(l)).slice(-2).join(" | ") || stderrTail.slice(-2).join(" | ");
  if (/wrong password or no key found/i.test(text)) {
    return new ResticError("The repository password is wrong (restic: wrong password or no key found). Check the password in the recovery kit.", "wrong-password", exitCode);
  }
  // Checked before "no repository": a refused S3 request reads "unable to open config file: Stat:
  // Access Denied", and taking that for a missing repository would make Lifeboat try `restic init`.
  if (/Access Denied|SignatureDoesNotMatch|InvalidAccessKeyId|Permission denied \(publickey/i.test(text)) {
    return new ResticError(`The storage refused access (check the location's keys or credentials): ${fatal}`, "failed", exitCode);
  }
  if (/Is there a repository at the following location|unable to open config file|repository does not exist/i.test(text)) {
    return new ResticError(`There is no restic repository at this location yet (${fatal})`, "no-repository", exitCode);
  }
  if (/repository is already locked|unable to create lock/i.test(text)) {
    return new ResticError(`The restic repository is locked by another process (${fatal})`, "locked", exitCode);
  }
  const why = exitCode != null ? `exit code ${exitCode}` : "killed";
  return new ResticError(`restic ${what} failed (${why})${fatal ? ": " + fatal : ""}`, "failed", exitCode);
}
