import { Transform, type TransformCallback } from "node:stream";
import { MysqlLexer, type Segment } from "./lexer";
import { checkStatement } from "./statement-check";
import { guardSql, type SessionState } from "./session-guard";

export interface FilterOptions {
  /** The destination: the only database a statement may name. */
  database: string;
  /** The server's version as a number (10.11.19 → 101119). */
  serverVersion: number;
  /** MariaDB (else MySQL): they differ in which versioned comments run. */
  mariadb: boolean;
  /** Restoring with a restricted login: DEFINER clauses are dropped (see checkStatement). */
  stripDefiner?: boolean;
}

/**
 * The dump on its way into `mariadb --sandbox --one-database <db>`: every statement is read the
 * way the client will read it and checked (mysql-statement-check) before a byte of it is passed
 * on, so a refused statement is never sent; the restore then fails with the reason. After each
 * SET (and once at the start) a guard statement makes the server confirm the session is as the
 * filter believes (mysql-session-guard). Holds one statement at a time.
 */
export class MysqlStatementFilter extends Transform {
  private readonly lexer: MysqlLexer;
  private readonly session: SessionState = { mode: { ansiQuotes: false, noBackslashEscapes: false }, savedModes: new Map() };
  private started = false;
  statements = 0;

  constructor(private readonly opts: FilterOptions) {
    super();
    this.lexer = new MysqlLexer(opts.serverVersion, opts.mariadb);
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (!this.started) {
        this.started = true;
        this.push(`${guardSql(this.session.mode)};\n`);
        // The client skips a byte-order mark only on its first line, which the guard now is.
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      this.lexer.push(chunk, (s) => this.segment(s));
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  _flush(cb: TransformCallback): void {
    try {
      this.lexer.end((s) => this.segment(s));
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  private segment(seg: Segment): void {
    if (seg.delimiterCommand || !seg.tokens.length) {
      this.push(seg.raw);
      return;
    }
    const r = checkStatement(seg, this.opts.database, this.session, { stripDefiner: this.opts.stripDefiner });
    this.statements++;
    this.push(r.raw);
    this.lexer.ansiQuotes = this.session.mode.ansiQuotes;
    this.lexer.noBackslashEscapes = this.session.mode.noBackslashEscapes;
    if (r.set && !seg.final) {
      // Right after the delimiter, on the same line: the next line still starts where it did.
      this.push(` ${guardSql(this.session.mode)}${seg.delimiter}`);
    }
  }
}
