import { RestoreError } from "../../restore/context";

/**
 * A MariaDB dump statement the restore will not send: a client command, a statement that reaches
 * another database or the server's files, or text the filter cannot read the way the client does.
 * Nothing from that statement on reaches the server.
 */
export class DumpRefusedError extends RestoreError {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`The dump was refused at line ${line}: ${reason}. Nothing from that statement on was run.`);
    this.name = "DumpRefusedError";
  }
}
