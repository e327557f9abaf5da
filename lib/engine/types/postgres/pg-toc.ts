import fs from "node:fs";

/**
 * The table of contents of a `pg_dump -Fc` archive, read from the archive itself (the layout of
 * pg_backup_archiver.c ReadHead/ReadToc and pg_backup_custom.c, archive versions 1.12–1.16, i.e.
 * PostgreSQL 9.6–17). `pg_restore --list` prints the same entries as one line of words each,
 * which cannot be split back when a name or an owner has a space in it; this keeps them exact.
 */
export interface TocEntry {
  dumpId: number;
  /** TABLE, TABLE DATA, SEQUENCE, SEQUENCE SET, VIEW, INDEX, MATERIALIZED VIEW, FUNCTION… */
  kind: string;
  /** null for objects outside a schema (SCHEMA, EXTENSION, DATABASE…). */
  schema: string | null;
  name: string;
  owner: string | null;
}

export class TocReadError extends Error {}

const MAX_TOC_BYTES = 256 * 1024 * 1024;
const version = (maj: number, min: number, rev: number) => (maj * 256 + min) * 256 + rev;
const V = (min: number) => version(1, min, 0);

/** Reads forward through the file in chunks (the TOC sits at its start). */
class Reader {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private filePos = 0;
  intSize = 4;

  constructor(private readonly fd: number) {}

  private need(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.filePos > MAX_TOC_BYTES) throw new TocReadError("the archive's table of contents is larger than 256 MiB");
    const chunk = Buffer.alloc(Math.max(1 << 20, n));
    const got = fs.readSync(this.fd, chunk, 0, chunk.length, this.filePos);
    if (got === 0 && this.pos + n > this.buf.length) throw new TocReadError("the archive ends inside its table of contents");
    this.filePos += got;
    this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk.subarray(0, got)]);
    this.pos = 0;
    this.need(n);
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  int(): number {
    const negative = this.byte() !== 0;
    let v = 0;
    for (let i = 0; i < this.intSize; i++) v += this.byte() * 2 ** (8 * i);
    return negative ? -v : v;
  }

  str(): string | null {
    const n = this.int();
    if (n < 0) return null;
    if (n > MAX_TOC_BYTES) throw new TocReadError("a string in the table of contents is implausibly long");
    return this.bytes(n).toString("utf8");
  }
}

export function readPgToc(file: string): TocEntry[] {
  const fd = fs.openSync(file, "r");
  try {
    return readToc(new Reader(fd));
  } finally {
    fs.closeSync(fd);
  }
}

function readToc(r: Reader): TocEntry[] {
  if (r.bytes(5).toString("latin1") !== "PGDMP") throw new TocReadError("not a pg_dump custom-format archive (no PGDMP header)");
  const v = version(r.byte(), r.byte(), r.byte());
  if (v < V(12) || v >= V(17)) throw new TocReadError(`archive version ${v >> 16}.${(v >> 8) & 255} is not one this reader knows`);
  r.intSize = r.byte();
  if (r.intSize < 1 || r.intSize > 8) throw new TocReadError("implausible integer size in the archive header");
  const offSize = r.byte();
  if (r.byte() !== 1) throw new TocReadError("not a custom-format archive (pg_dump -Fc)");
  if (v >= V(15)) r.byte();
  else r.int(); // compression
  for (let i = 0; i < 7; i++) r.int(); // creation time
  r.str(); // database name
  r.str(); // server version
  r.str(); // pg_dump version
  const count = r.int();
  if (count < 0 || count > 10_000_000) throw new TocReadError("implausible number of entries in the table of contents");
  const out: TocEntry[] = [];
  for (let i = 0; i < count; i++) {
    const dumpId = r.int();
    r.int(); // had a data dumper
    r.str(); // table oid
    r.str(); // oid
    const name = r.str() ?? "";
    const kind = r.str() ?? "";
    r.int(); // section
    r.str(); // definition
    r.str(); // drop statement
    r.str(); // copy statement
    const schema = r.str();
    r.str(); // tablespace
    r.str(); // table access method
    if (v >= V(16)) r.int(); // relkind
    const owner = r.str();
    r.str(); // "with oids"
    while (r.str() !== null); // dependencies
    r.byte(); // data offset: a flag byte and offSize bytes
    r.bytes(offSize);
    out.push({ dumpId, kind, schema: schema || null, name, owner: owner || null });
  }
  return out;
}
