/**
 * Splits a SQL dump into the statements the `mariadb` command-line client will send, byte for
 * byte the way its reader does (client/mysql.cc add_line, checked against the 10.11 client):
 * line by line, strings in ' " `, backslash escapes, `#` and `-- ` comments, `/* *\/` comments
 * stripped, `/*! *\/` and `/*M! *\/` kept as code, the current DELIMITER, and client commands
 * (`\x` anywhere outside a string, a long command word at the start of a line). Where the client's
 * reading is intricate (a comment inside a version comment, `*\/` inside a quoted text there) the
 * lexer refuses instead of guessing. It only reads bytes: a multibyte character never contains an
 * ASCII byte in the character sets the restore allows (the filter checks that on the server).
 */
import { DumpRefusedError } from "./dump-refused";

export const enum K {
  Word,
  /** `…` (and "…" when ANSI_QUOTES is on). */
  Quoted,
  /** '…' (and "…" without ANSI_QUOTES). */
  Str,
  Punct,
  /** `/*!` or `/*M!` whose content the server runs. */
  VersionOpen,
  VersionClose,
}

export interface Token {
  k: K;
  /** Offsets in the segment's bytes (strings and quoted names include their quotes). */
  s: number;
  e: number;
}

export interface Segment {
  /** The bytes to send on, from the end of the previous segment through this one's delimiter. */
  raw: Buffer;
  /** Tokens of the statement (empty for a DELIMITER line or trailing comments). */
  tokens: Token[];
  /** A DELIMITER line the client handles itself. */
  delimiterCommand: boolean;
  /** The delimiter in force for this statement (the text that ends it in `raw`). */
  delimiter: string;
  /** 1-based line where the statement starts, for messages. */
  line: number;
  /** What was left at the end of the input (no delimiter after it: nothing follows). */
  final: boolean;
}

/** The client's own commands: a line starting with one of these is not sent to the server. */
export const CLIENT_COMMANDS = new Set(
  "? charset clear connect delimiter edit ego exit go help nopager notee nowarning pager print prompt quit rehash sandbox source status system tee use warnings".split(" "),
);

const MAX_STATEMENT = 64 * 1024 * 1024;
const BS = 0x5c;
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isWordByte = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
const NUMBER = /^(?:\d+(?:e\d*)?|0x[0-9a-f]+|0b[01]+)$/i;
const INTRODUCERS = new Set(["X", "B", "N", "_BINARY", "_UTF8MB4", "_UTF8MB3", "_UTF8", "_LATIN1"]);
const VALUE_WORDS = new Set(["NULL", "TRUE", "FALSE", "DEFAULT"]);
/** ( ) , . - + */
const DATA_PUNCT = [0x28, 0x29, 0x2c, 0x2e, 0x2d, 0x2b];
/** Delimiters a dump may set: the usual ones, nothing that could start a comment or a quote. */
const SAFE_DELIMITER = /^(?:[;$|]{1,4}|\/\/)$/;

export class MysqlLexer {
  ansiQuotes = false;
  noBackslashEscapes = false;
  private delimiter = Buffer.from(";");
  private buf = Buffer.alloc(64 * 1024);
  private len = 0;
  /** Where the line being received starts in `buf`. */
  private lineStart = 0;
  private tokens: Token[] = [];
  private inString = 0;
  private ml = false;
  /** Inside /*!…: null outside; `run` says whether the server runs the content. */
  private version: { run: boolean } | null = null;
  private closingVersion = false;
  /** The client's per-line "/*! seen" flag (it changes where a comment ends). */
  private ss = false;
  private hasContent = false;
  private lineNo = 0;
  private stmtLine = 1;
  private word = -1;
  private strStart = -1;

  /**
   * @param serverVersion MariaDB's version as a number (10.11.19 → 101119): decides which
   *   versioned comments the server runs (it skips `/*!50700`–`/*!99999` and newer ones).
   */
  constructor(private readonly serverVersion: number, private readonly mariadb = true) {}

  get currentDelimiter(): string {
    return this.delimiter.toString("latin1");
  }

  push(chunk: Buffer, out: (s: Segment) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const stop = nl < 0 ? chunk.length : nl + 1;
      this.append(chunk.subarray(start, stop));
      if (nl < 0) return;
      this.line(out);
      start = stop;
    }
  }

  end(out: (s: Segment) => void): void {
    if (this.len > this.lineStart) this.line(out);
    // At the end of input the client sends what it holds, even without a delimiter.
    if (this.len > this.segStart) this.cut(this.len, out, false, true);
  }

  private refuse(what: string): never {
    throw new DumpRefusedError(what, this.lineNo);
  }

  /** Add bytes of the current line to `buf` (never more than one statement is held). */
  private append(bytes: Buffer): void {
    if (this.lineStart === this.len) this.compact();
    if (this.len + bytes.length > this.buf.length) {
      if (this.len - this.segStart + bytes.length > MAX_STATEMENT) this.refuse("a line or statement longer than 64 MiB");
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + bytes.length));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    bytes.copy(this.buf, this.len);
    this.len += bytes.length;
  }

  /** Read the line at buf[lineStart, len). */
  private line(out: (s: Segment) => void): void {
    this.lineNo++;
    const at = this.lineStart;
    this.lineStart = this.len;
    let end = this.len;
    const b = this.buf;
    if (b[end - 1] === 10) end--;
    if (end > at && b[end - 1] === 13) end--; // the client drops the \r of a CRLF line
    let i = at;
    this.ss = false;
    if (this.lineNo === 1 && b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) i += 3;
    if (!this.inString && !this.ml && !this.hasContent && this.lineCommand(i, end, out)) return;
    while (i < end) i = this.step(i, end, out);
    this.endWord(end);
    if (!this.hasContent && !this.inString && !this.ml) this.stmtLine = this.lineNo + 1;
  }

  /** A client command word at the start of a line of an empty statement (the client runs it). */
  private lineCommand(i: number, end: number, out: (s: Segment) => void): boolean {
    const b = this.buf;
    while (i < end && isSpace(b[i]!)) i++;
    let j = i;
    while (j < end && j - i <= 10 && b[j] !== 0x20 && b[j] !== 0x09) j++;
    if (j - i > 9) return false;
    const word = b.toString("latin1", i, j).toLowerCase();
    if (!CLIENT_COMMANDS.has(word)) return false;
    if (word !== "delimiter") this.refuse(`the client command "${word}"`);
    const arg = /^ +(\S+) *$/.exec(b.toString("latin1", j, end));
    if (!arg || !SAFE_DELIMITER.test(arg[1]!)) {
      this.refuse(`"${b.toString("utf8", i, Math.min(end, i + 40))}": a dump may only set ; ;; // $$ or | as delimiter`);
    }
    this.cut(this.len, out, true);
    this.delimiter = Buffer.from(arg[1]!, "latin1");
    return true;
  }

  private step(i: number, end: number, out: (s: Segment) => void): number {
    if (this.inString) return this.stringStep(i, end);
    if (this.ml) return this.commentStep(i, end);
    if (this.data === 1 && !this.version && !this.pendingWord && this.word < 0) {
      const j = this.dataScan(i, end);
      if (j > i) return j;
    }
    const b = this.buf;
    const c = b[i]!;
    if (c === BS) {
      if (b[i + 1] === 0x2d && i + 1 < end) return i + 2; // \- turns the client's sandbox on: harmless
      this.refuse(`the client command "\\${i + 1 < end ? String.fromCharCode(b[i + 1]!) : ""}"`);
    }
    if (this.isDelimiter(i, end)) {
      this.endWord(i);
      if (this.version) this.refuse("a statement that ends inside a /*! */ comment");
      this.cut(i + this.delimiter.length, out, false);
      return i + this.delimiter.length;
    }
    if (c === 0x23 || (c === 0x2d && b[i + 1] === 0x2d && (i + 2 >= end || isSpace(b[i + 2]!) || !this.hasContent))) {
      if (this.version) this.refuse("a line comment inside a /*! */ comment");
      this.endWord(i);
      return end;
    }
    if (c === 0x2f && b[i + 1] === 0x2a && !(b[i + 2] === 0x21 || (b[i + 2] === 0x4d && b[i + 3] === 0x21))) {
      if (this.version) this.refuse("a comment inside a /*! */ comment");
      this.endWord(i);
      this.ml = true;
      return i + 2;
    }
    if (!isSpace(c)) this.hasContent = true;
    if (this.closingVersion) {
      // The "/" of "*/": the delimiter check above had its chance first, as in the client.
      this.closingVersion = false;
      this.version = null;
      this.tokens.push({ k: K.VersionClose, s: i - 1, e: i + 1 });
      return i + 1;
    }
    if (c === 0x2f && b[i + 1] === 0x2a) {
      this.endWord(i);
      return this.openVersion(i, end);
    }
    if (this.version && c === 0x2a && b[i + 1] === 0x2f) {
      this.endWord(i);
      this.closingVersion = true;
      return i + 1;
    }
    if (isWordByte(c)) {
      if (this.word < 0) this.word = i;
      let j = i + 1;
      while (j < end && isWordByte(b[j]!)) j++;
      return j;
    }
    this.endWord(i);
    if (c === 0x27 || c === 0x22 || c === 0x60) {
      this.inString = c;
      this.strStart = i;
      return i + 1;
    }
    if (isSpace(c)) return i + 1;
    if (c === 0x3a && b[i + 1] === 0x3d) {
      this.addToken(K.Punct, i, i + 2);
      return i + 2;
    }
    this.addToken(K.Punct, i, i + 1);
    return i + 1;
  }

  /**
   * The same as dataToken, read straight from the bytes for speed: rows of '…' strings, plain
   * numbers, NULL and ( ) , . - +. Stops (returning where) at anything else, which the general
   * step then reads: a delimiter, a comment, a backslash outside a string, a name…
   */
  private dataScan(i: number, end: number): number {
    const b = this.buf;
    const escapes = !this.noBackslashEscapes;
    const view = b.subarray(0, end);
    let bs = -1;
    let j = i;
    while (j < end) {
      const c = b[j]!;
      if (c === this.delimiter[0] && this.isDelimiter(j, end)) return j;
      if (c === 0x27) {
        // memchr-speed: jump to the next quote; only a backslash before it needs the slow walk.
        let k = j + 1;
        for (;;) {
          if (bs < k) bs = escapes ? view.indexOf(BS, k) >>> 0 : 0xffffffff;
          const q = view.indexOf(0x27, k);
          if (q < 0) return j;
          if (bs < q) {
            k = bs + 2;
            continue;
          }
          if (b[q + 1] === 0x27 && q + 1 < end) {
            k = q + 2;
            continue;
          }
          k = q;
          break;
        }
        j = k + 1;
      } else if (c >= 0x30 && c <= 0x39) {
        let k = j + 1;
        while (k < end && b[k]! >= 0x30 && b[k]! <= 0x39) k++;
        if (k < end && isWordByte(b[k]!)) return j;
        j = k;
      } else if (c === 0x2d) {
        if (b[j + 1] === 0x2d) return j;
        j++;
      } else if (c === 0x28 || c === 0x29 || c === 0x2c || c === 0x2e || c === 0x2b || c === 0x20 || c === 0x09) j++;
      else if ((c === 0x4e || c === 0x6e) && j + 4 <= end && b.toString("latin1", j, j + 4).toUpperCase() === "NULL" && !isWordByte(b[j + 4] ?? 0x20)) {
        let k = j + 4;
        while (k < end && (b[k] === 0x20 || b[k] === 0x09)) k++;
        if (b[k] !== 0x2c && b[k] !== 0x29) return j;
        j = k;
      } else return j;
      this.hasContent = true;
    }
    return j;
  }

  /** Inside '…', "…" or `…`: only the closing quote, a backslash escape and (in /*!) "*\/" matter. */
  private stringStep(i: number, end: number): number {
    const b = this.buf;
    const q = this.inString;
    const escapes = q !== 0x60 && !(q === 0x22 && this.ansiQuotes) && !this.noBackslashEscapes;
    let j = i;
    while (j < end) {
      const c = b[j]!;
      if (c === q) break;
      if (c === BS && escapes) {
        j += 2;
        continue;
      }
      if (c === 0x2a && this.version && b[j + 1] === 0x2f) this.refuse("*/ inside a quoted text in a /*! */ comment");
      j++;
    }
    if (j >= end) return end;
    if (b[j + 1] === q && j + 1 < end) return j + 2; // doubled quote: still the same text
    this.inString = 0;
    this.addToken(this.quoteKind(q), this.strStart, j + 1);
    return j + 1;
  }

  /**
   * Inside /* … *\/: the client ends it at the first "*\/", except that a "/*!" inside sets its
   * per-line "server-side comment" flag and the next "*\/" only clears that flag.
   */
  private commentStep(i: number, end: number): number {
    const b = this.buf;
    for (let j = i; j < end; j++) {
      if (b[j] === 0x2f && b[j + 1] === 0x2a && b[j + 2] === 0x21) this.ss = true;
      else if (b[j] === 0x2a && b[j + 1] === 0x2f) {
        if (this.ss) this.ss = false;
        else {
          this.ml = false;
          return j + 2;
        }
      }
    }
    return end;
  }

  /** `/*!` or `/*M!`, optionally with a version: does the server run what follows? */
  private openVersion(i: number, end: number): number {
    if (this.version) this.refuse("a /*! */ comment inside another");
    const b = this.buf;
    const maria = b[i + 2] === 0x4d;
    let j = i + (maria ? 4 : 3);
    let n = 0;
    while (n < 6 && j + n < end && b[j + n]! >= 0x30 && b[j + n]! <= 0x39) n++;
    let run = true;
    if (n >= 5) {
      const v = Number(b.toString("latin1", j, j + n));
      if (this.mariadb) run = v <= this.serverVersion && (maria || v < 50700 || v > 99999);
      else run = !maria && Number(b.toString("latin1", j, j + 5)) <= this.serverVersion;
      j += this.mariadb ? n : 5;
    } else if (maria && !this.mariadb) run = false;
    this.version = { run };
    this.tokens.push({ k: K.VersionOpen, s: i, e: j });
    return j;
  }

  private quoteKind(q: number): K {
    return q === 0x60 || (q === 0x22 && this.ansiQuotes) ? K.Quoted : K.Str;
  }

  private isDelimiter(i: number, end: number): boolean {
    const d = this.delimiter;
    if (this.buf[i] !== d[0] || i + d.length > end) return false;
    for (let k = 1; k < d.length; k++) if (this.buf[i + k] !== d[k]) return false;
    return true;
  }

  private endWord(i: number): void {
    if (this.word >= 0) {
      this.addToken(K.Word, this.word, i);
      this.word = -1;
    }
  }

  private addToken(k: K, s: number, e: number): void {
    // Tokens inside a /*!NNNNN */ the server skips are not part of what it runs.
    if (this.version && !this.version.run) return;
    if (this.data === 1 && this.dataToken(k, s, e)) return;
    this.tokens.push({ k, s, e });
    if (this.data !== 0) return;
    const short = k === K.Word && e - s <= 7 ? this.buf.toString("latin1", s, e).toUpperCase() : null;
    if (!this.firstWord) this.firstWord = short ?? "-";
    else if (k === K.Punct && this.buf[s] === 0x28) this.depth++;
    else if (k === K.Punct && this.buf[s] === 0x29) this.depth--;
    else if (this.depth === 0 && (short === "VALUES" || short === "VALUE") && (this.firstWord === "INSERT" || this.firstWord === "REPLACE")) this.data = 1;
  }

  /**
   * INSERT … VALUES rows are most of a dump: their literals (strings, numbers, NULL, x'..',
   * _binary '..', punctuation) cannot name or run anything, so they are not kept as tokens. The
   * first thing that is not such a literal (a name, a function, ";", "@") ends this for the
   * statement and is kept, with everything after it.
   */
  private dataToken(k: K, s: number, e: number): boolean {
    const b = this.buf;
    const p = this.pendingWord;
    if (p) {
      this.pendingWord = null;
      const w = b.toString("latin1", p.s, p.e).toUpperCase();
      const next = k === K.Str || (k === K.Word && NUMBER.test(b.toString("latin1", s, e)));
      if ((INTRODUCERS.has(w) && next) || (VALUE_WORDS.has(w) && k === K.Punct && (b[s] === 0x2c || b[s] === 0x29))) return true;
      this.data = 2;
      this.tokens.push(p);
      return false;
    }
    if (k === K.Str) return true;
    if (k === K.Punct) return e - s === 1 && DATA_PUNCT.includes(b[s]!);
    if (k === K.Word) {
      const c = b[s]!;
      if (c >= 0x30 && c <= 0x39) {
        if (NUMBER.test(b.toString("latin1", s, e))) return true;
      } else if (e - s <= 8) {
        const w = b.toString("latin1", s, e).toUpperCase();
        if (INTRODUCERS.has(w) || VALUE_WORDS.has(w)) {
          this.pendingWord = { k, s, e };
          return true;
        }
      }
    }
    this.data = 2;
    return false;
  }

  /** INSERT data: 0 not reached, 1 in the rows, 2 left them (for this statement). */
  private data: 0 | 1 | 2 = 0;
  private firstWord = "";
  private depth = 0;
  private pendingWord: Token | null = null;

  /** Where the statement being read starts in `buf` (earlier bytes were handed out already). */
  private segStart = 0;

  private cut(upTo: number, out: (s: Segment) => void, delimiterCommand: boolean, final = false): void {
    if (this.pendingWord) this.tokens.push(this.pendingWord);
    this.pendingWord = null;
    this.data = 0;
    this.firstWord = "";
    this.depth = 0;
    const base = this.segStart;
    const raw = Buffer.from(this.buf.subarray(base, upTo));
    for (const t of this.tokens) {
      t.s -= base;
      t.e -= base;
    }
    const seg: Segment = { raw, tokens: this.tokens, delimiterCommand, delimiter: this.currentDelimiter, line: this.stmtLine, final };
    this.tokens = [];
    this.hasContent = false;
    this.version = null;
    this.closingVersion = false;
    this.segStart = upTo;
    this.stmtLine = this.lineNo;
    out(seg);
  }

  /** Drop the bytes already handed out (between lines, when no offset is held but these). */
  private compact(): void {
    const by = this.segStart;
    if (!by) return;
    this.buf.copy(this.buf, 0, by, this.len);
    this.len -= by;
    this.lineStart -= by;
    this.segStart = 0;
    for (const t of this.tokens) {
      t.s -= by;
      t.e -= by;
    }
    if (this.strStart >= 0) this.strStart -= by;
    if (this.pendingWord) {
      this.pendingWord.s -= by;
      this.pendingWord.e -= by;
    }
  }
}
