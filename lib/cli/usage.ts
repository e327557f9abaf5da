export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: lifeboat <command>

  user create --email E --role viewer|operator|admin [--name N]
        Create a user; the password is asked for (or read from stdin when piped).
  user reset-2fa --email E
        Remove a user's second factors (authenticator app, recovery codes, passkeys, remembered
        devices), e.g. after a lost phone; they set up again at their next sign-in if required.
  user break-glass --email E [--off]
        Let this admin sign in with their password even when password sign-in is turned off.
  token create --name N --role viewer|operator|admin [--expires YYYY-MM-DD] [--app APP]...
        Create an API token and print it once.
  backup <target-id | app/target>
        Back up a target now, wait for it and print the result (exit 0 on success or partial).
  status [--json]
        Every target with its status.
  schedule list [--target <id | app/target>] [--json]
        Every schedule (or one target's) with its rule, next and last run.
  schedule create <target-id | app/target> --kind hourly|daily|weekly|monthly|cron|manual
        [--cron "M H DOM MON DOW"] [--minute M] [--hour H] [--weekday 0-6|NAME] [--day N]
        [--timezone TZ] [--grace MINUTES] [--purpose backup|test_restore] [--retries N]
        [--catch-up] [--disabled]
        Create a schedule (timezone: the console default unless given).
  restore <run-id> [--to DATABASE | /PATH | redis://URL] --yes
        Print the restore preview; with --yes, restore (a safety backup of the original is
        taken first), wait and print the outcome. Without --to: into the original source.

The data directory is LIFEBOAT_DATA_DIR (default ./data), the same one the console uses.`;
