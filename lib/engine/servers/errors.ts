import { StepError } from "../process/step";
import { describeSftpError } from "../storage/sftp/errors";
import { HostKeyError } from "../storage/sftp/host-key";
import { whereOf, type ServerConn } from "./server-conn";

/** Connecting to the server failed (refused, timed out, auth, host key): not the tool's fault. */
export class ServerConnectError extends Error {
  readonly hostKey: HostKeyError | null;

  constructor(
    readonly server: Pick<ServerConn, "id" | "name" | "host" | "port">,
    cause: unknown,
  ) {
    super(describeSftpError(cause, whereOf(server)), { cause });
    this.name = "ServerConnectError";
    this.hostKey = cause instanceof HostKeyError ? cause : null;
  }
}

/**
 * The run's error when its server cannot be reached: "server unreachable since …". The alert is
 * the server's, once per episode (reachability.ts), so the run records none of its own.
 */
export class ServerUnreachableError extends StepError {
  constructor(
    readonly serverId: number,
    message: string,
  ) {
    super(message, "failed");
    this.name = "ServerUnreachableError";
  }
}
