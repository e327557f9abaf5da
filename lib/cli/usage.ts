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
  storage list [--json]
        Every storage location (secrets masked).
  storage add --name N --kind local|s3|sftp [--set FIELD=VALUE]... [--secret-stdin FIELD]
        [--encryption none|age] [--recipient AGE-OR-SSH-PUBLIC-KEY]...
        Add a location, e.g. --kind s3 --set endpoint=https://… --set region=… --set bucket=…
        --set accessKeyId=… --secret-stdin secretAccessKey (the secret is read from stdin).
        SFTP: without --set hostKeyFingerprint=SHA256:… it prints the server's key to confirm.
  storage test <id | name>
        Write, read back and delete a test object; exit 1 naming the cause when it fails.
  storage remove <id | name>
        Delete a location that holds no backups.
  storage rescan <id | name>
        Register the artifacts found in a location (read from their manifests) as restorable runs.
  self-backup
        Set up the target Lifeboat/console: this console's database, backed up daily at 03:30.
  recovery-kit export
        Print the recovery kit (every location, its credentials and encryption keys) to stdout.
  recovery-kit import <kit.json | ->
        Read a recovery kit into this console (locations matched by name), e.g. on a new server.

The data directory is LIFEBOAT_DATA_DIR (default ./data), the same one the console uses.`;
