import { K, type Segment, type Token } from "./lexer";
import { DumpRefusedError } from "./dump-refused";

/**
 * One statement's tokens without the /*! *\/ markers (what the server parses), with the small
 * reads the checks need: keywords in upper case, names unquoted, punctuation by character.
 */
export class Stmt {
  readonly toks: Token[];
  private readonly upper: (string | null | undefined)[];

  constructor(
    readonly seg: Segment,
    readonly database: string,
  ) {
    this.toks = seg.tokens.filter((t) => t.k !== K.VersionOpen && t.k !== K.VersionClose);
    this.upper = new Array<string | null | undefined>(this.toks.length).fill(undefined);
  }

  get length(): number {
    return this.toks.length;
  }

  /** The keyword at i in upper case; null for anything but a bare word. */
  word(i: number): string | null {
    const t = this.toks[i];
    // Numbers are words to the lexer but never keywords: skip the string for them (INSERT data).
    if (!t || t.k !== K.Word || (this.seg.raw[t.s]! >= 0x30 && this.seg.raw[t.s]! <= 0x39)) return null;
    let w = this.upper[i];
    if (w === undefined) {
      w = this.seg.raw.toString("latin1", t.s, t.e).toUpperCase();
      this.upper[i] = w;
    }
    return w;
  }

  is(i: number, ...words: string[]): boolean {
    const w = this.word(i);
    return w !== null && words.includes(w);
  }

  punct(i: number, p: string): boolean {
    const t = this.toks[i];
    if (!t || t.k !== K.Punct || t.e - t.s !== p.length) return false;
    const raw = this.seg.raw;
    return raw[t.s] === p.charCodeAt(0) && (p.length === 1 || raw[t.s + 1] === p.charCodeAt(1));
  }

  text(i: number): string {
    const t = this.toks[i];
    return t ? this.seg.raw.toString("utf8", t.s, t.e) : "";
  }

  /** A part of a (possibly dotted) name: a bare word, `quoted`, or "quoted" (ANSI_QUOTES). */
  isNamePart(i: number): boolean {
    const t = this.toks[i];
    if (!t) return false;
    return t.k === K.Word || t.k === K.Quoted || (t.k === K.Str && this.seg.raw[t.s] === 0x22);
  }

  /** A name part without its quotes. */
  name(i: number): string {
    const t = this.toks[i]!;
    if (t.k === K.Word) return this.text(i);
    const q = String.fromCharCode(this.seg.raw[t.s]!);
    return this.seg.raw.toString("utf8", t.s + 1, t.e - 1).split(q + q).join(q);
  }

  /** A '…' string's value (doubled quotes and the usual backslash escapes undone). */
  str(i: number): string | null {
    const t = this.toks[i];
    if (!t || t.k !== K.Str) return null;
    const q = String.fromCharCode(this.seg.raw[t.s]!);
    return this.seg.raw
      .toString("utf8", t.s + 1, t.e - 1)
      .split(q + q)
      .join(q)
      .replace(/\\(.)/g, "$1");
  }

  /** The first words of the statement, for messages. */
  snippet(from = 0, max = 80): string {
    const t = this.toks[from];
    if (!t) return "";
    const s = this.seg.raw.toString("utf8", t.s, Math.min(this.seg.raw.length, t.s + max * 2)).replace(/\s+/g, " ").trim();
    return s.length > max ? s.slice(0, max) + "…" : s;
  }

  refuse(why: string, at = 0): never {
    throw new DumpRefusedError(`"${this.snippet(at)}": ${why}`, this.seg.line);
  }
}
