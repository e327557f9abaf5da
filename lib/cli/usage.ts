export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: lifeboat <command>

  user create --email E --role viewer|operator|admin [--name N]
        Create a user; the password is asked for (or read from stdin when piped).
  token create --name N --role viewer|operator|admin [--expires YYYY-MM-DD] [--app APP]...
        Create an API token and print it once.
  backup <target-id | app/target>
        Back up a target now, wait for it and print the result (exit 0 on success or partial).
  status [--json]
        Every target with its status.

The data directory is LIFEBOAT_DATA_DIR (default ./data), the same one the console uses.`;
