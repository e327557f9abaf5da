import { call, type SftpSession } from "./session";

/** Connection losses survived per put (each reconnect attempt counts), with back-off between them. */
export const SFTP_MAX_ATTEMPTS = 5;
const backoffMs = (n: number) => Math.min(250 * 2 ** (n - 1), 8_000);

/** Did this write fail because the connection went away (worth a reconnect), not because the server said no? */
function isConnectionLoss(e: unknown, s: SftpSession): boolean {
  if (s.closed) return true;
  const msg = (e as Error)?.message ?? "";
  return /No response from server|Not connected|Channel (not open|closed)|ECONNRESET|EPIPE|socket/i.test(msg);
}

/**
 * Writes chunks at their offsets into one remote file and survives a dropped connection: it
 * reconnects with back-off, reopens the file without truncating it and sends again the chunks that
 * were not acknowledged (writes at an offset are idempotent). Gives up after SFTP_MAX_ATTEMPTS
 * losses in a row, with the last cause.
 */
export class ResumableWriter {
  private session!: SftpSession;
  private handle!: Buffer;
  private epoch = 0;
  private losses = 0;
  private reconnecting: Promise<void> | null = null;

  constructor(
    private readonly connect: () => Promise<SftpSession>,
    private readonly file: string,
    private readonly onLoss: (cause: unknown, attempt: number) => Error,
  ) {}

  async open(): Promise<void> {
    this.session = await this.connect();
    this.handle = await call<Buffer>((cb) => this.session.sftp.open(this.file, "w", 0o640, cb));
  }

  async write(offset: number, buf: Buffer): Promise<void> {
    for (;;) {
      const epoch = this.epoch;
      const { session, handle } = this;
      try {
        if (session.closed) throw new Error("Not connected");
        // ssh2 splits a large write into a chain of requests; one sent after the drop is never answered.
        await session.whileConnected(call((cb) => session.sftp.write(handle, buf, 0, buf.length, offset, cb)));
        if (epoch === this.epoch) this.losses = 0;
        return;
      } catch (e) {
        if (!isConnectionLoss(e, session)) throw e;
        await this.recover(epoch, e);
      }
    }
  }

  private recover(epoch: number, cause: unknown): Promise<void> {
    if (epoch !== this.epoch) return Promise.resolve();
    this.reconnecting ??= (async () => {
      let last = cause;
      for (;;) {
        this.losses++;
        if (this.losses >= SFTP_MAX_ATTEMPTS) throw this.onLoss(last, this.losses);
        await new Promise((r) => setTimeout(r, backoffMs(this.losses)));
        try {
          const s = await this.connect();
          // r+: keep what arrived; the unacknowledged chunks are written again at their offsets.
          this.handle = await call<Buffer>((cb) => s.sftp.open(this.file, "r+", cb));
          this.session = s;
          this.epoch++;
          return;
        } catch (e) {
          last = e;
        }
      }
    })().finally(() => (this.reconnecting = null));
    return this.reconnecting;
  }

  /** Flush to disk where the server offers fsync@openssh.com, then close the file. */
  async finish(): Promise<SftpSession> {
    const { session, handle } = this;
    if (session.has("fsync@openssh.com")) await call((cb) => session.sftp.ext_openssh_fsync(handle, cb));
    await call((cb) => session.sftp.close(handle, cb));
    return session;
  }

  /** Best effort: close the file on a failed put. */
  async close(): Promise<void> {
    if (!this.session || this.session.closed) return;
    await call((cb) => this.session.sftp.close(this.handle, cb)).catch(() => {});
  }
}
