import { K, type Segment } from "./lexer";
import { Stmt } from "./tokens";
import { checkSingleStatement, routineBodyStart } from "./blocks";
import { checkNames } from "./names-check";
import { followSet, forgetMentionedVariables, type SessionState } from "./session-guard";

/**
 * What a restored MariaDB dump may contain, statement by statement: the statements mariadb-dump
 * writes for one database (SET, CREATE/DROP/ALTER of tables, views, triggers, routines, sequences
 * and indexes, INSERT, LOCK/UNLOCK TABLES…) and the plain data statements. Anything else is
 * refused with the reason: switching or creating databases, rights, dynamic SQL, CALL, reading or
 * writing the server's files, engines that reach other servers.
 */

const PLAIN = new Set(["SET", "INSERT", "REPLACE", "UPDATE", "DELETE", "SELECT", "DO", "TRUNCATE", "COMMIT", "ROLLBACK", "SAVEPOINT", "WITH"]);
const OBJECTS: Record<string, Set<string>> = {
  CREATE: new Set(["TABLE", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "SEQUENCE", "INDEX"]),
  DROP: new Set(["TABLE", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "SEQUENCE", "INDEX"]),
  ALTER: new Set(["TABLE", "VIEW", "SEQUENCE", "PROCEDURE", "FUNCTION"]),
};
const WHY: Record<string, string> = {
  USE: "it switches to another database (a dump made with --databases? make it of the one database, without --databases)",
  CONNECT: "it reconnects, possibly to another database",
  CALL: "it runs a stored procedure",
  PREPARE: "dynamic SQL is not allowed in a restored dump",
  EXECUTE: "dynamic SQL is not allowed in a restored dump",
  DEALLOCATE: "dynamic SQL is not allowed in a restored dump",
  GRANT: "it changes rights",
  REVOKE: "it changes rights",
  LOAD: "it reads files",
  INSTALL: "it loads code into the server",
  FLUSH: "it acts on the whole server",
  KILL: "it acts on the whole server",
  SHUTDOWN: "it acts on the whole server",
  BINLOG: "it replays raw changes",
};
/** Words that read or write the server's files or load code, wherever they appear. */
const FORBIDDEN: Record<string, string> = {
  OUTFILE: "it writes a file on the database server",
  DUMPFILE: "it writes a file on the database server",
  LOAD_FILE: "it reads a file on the database server",
  SONAME: "it loads a library into the database server",
  // Some clients act on DELIMITER in the middle of a line too: a dump never has it there.
  DELIMITER: "DELIMITER inside a statement",
};
const REMOTE_ENGINES = new Set(["CONNECT", "FEDERATED", "FEDERATEDX", "SPIDER"]);

export interface CheckResult {
  /** The bytes to send (the statement, rewritten when it had to be). */
  raw: Buffer;
  /** A SET: the session guard must follow it. */
  set: boolean;
}

export interface CheckOptions {
  /**
   * Drop DEFINER=… from CREATE/ALTER (views, triggers, routines then belong to the login that
   * restores): a restricted login may not create objects for another account.
   */
  stripDefiner?: boolean;
}

export function checkStatement(seg: Segment, database: string, session: SessionState, opts: CheckOptions = {}): CheckResult {
  const st = new Stmt(seg, database);
  if (!st.length) return { raw: seg.raw, set: false };
  checkForbiddenWords(st);
  const first = st.word(0) ?? "";
  const kindAt = OBJECTS[first] || first === "ALTER" ? objectKind(st) : -1;
  const kind = kindAt >= 0 ? st.word(kindAt) : null;
  const body = first === "CREATE" && (kind === "PROCEDURE" || kind === "FUNCTION" || kind === "TRIGGER") ? routineBodyStart(st, kindAt) : -1;
  const end = checkSingleStatement(st, body);
  let raw = seg.raw;
  if (first === "ALTER" && (kind === "DATABASE" || kind === "SCHEMA")) raw = alterDatabase(st, kindAt);
  else allowStatement(st, first, kind);
  if (opts.stripDefiner && (first === "CREATE" || first === "ALTER")) raw = withoutDefiner(st, raw);
  checkNames(st, kind);
  if (first === "SET") followSet(st, end, session);
  else forgetMentionedVariables(st, end, session);
  return { raw, set: first === "SET" };
}

function checkForbiddenWords(st: Stmt): void {
  for (let i = 0; i < st.length; i++) {
    const w = st.word(i);
    if (!w) continue;
    if (FORBIDDEN[w]) st.refuse(FORBIDDEN[w], i);
    if (w === "CONNECTION" && (st.punct(i + 1, "=") || st.str(i + 1) !== null)) st.refuse("a CONNECTION table option reaches another server or database", i);
    if (w === "ENGINE") {
      const e = st.word(st.punct(i + 1, "=") ? i + 2 : i + 1);
      if (e && REMOTE_ENGINES.has(e)) st.refuse(`the ${e} engine reaches other servers or files`, i);
    }
  }
}

function allowStatement(st: Stmt, first: string, kind: string | null): void {
  if (PLAIN.has(first)) return;
  if (first === "LOCK" || first === "UNLOCK") {
    if (st.is(1, "TABLE", "TABLES")) return;
  } else if (first === "RENAME") {
    if (st.is(1, "TABLE", "TABLES")) return;
  } else if (first === "START" || first === "BEGIN") {
    if ((first === "START" && st.is(1, "TRANSACTION")) || (first === "BEGIN" && (st.length === 1 || st.is(1, "WORK")))) return;
  } else if (first === "RELEASE") {
    if (st.is(1, "SAVEPOINT")) return;
  } else if (OBJECTS[first]) {
    if (kind && OBJECTS[first]!.has(kind)) return;
    if (kind === "DATABASE" || kind === "SCHEMA") st.refuse(`${first} DATABASE acts on another database than the destination`);
    st.refuse(`${first} ${kind ?? "…"} is not part of a database dump`);
  }
  st.refuse(WHY[first] ?? `"${first || st.text(0)}" is not a statement a database dump contains`);
}

/** Index of the object word after CREATE / DROP / ALTER and their options (OR REPLACE, DEFINER=…). */
function objectKind(st: Stmt): number {
  let i = 1;
  for (;;) {
    if (st.is(i, "OR") && st.is(i + 1, "REPLACE")) i += 2;
    else if (st.is(i, "ALGORITHM")) i += st.punct(i + 1, "=") ? 3 : 2;
    else if (st.is(i, "DEFINER")) i = skipUser(st, i + (st.punct(i + 1, "=") ? 2 : 1));
    else if (st.is(i, "SQL") && st.is(i + 1, "SECURITY")) i += 3;
    else if (st.is(i, "TEMPORARY", "AGGREGATE", "UNIQUE", "FULLTEXT", "SPATIAL", "ONLINE", "OFFLINE", "IGNORE")) i++;
    else return i;
  }
}

function skipUser(st: Stmt, i: number): number {
  if (st.is(i, "CURRENT_USER", "CURRENT_ROLE")) return st.punct(i + 1, "(") && st.punct(i + 2, ")") ? i + 3 : i + 1;
  i++;
  if (st.punct(i, "@")) i += 2;
  while (st.punct(i, ".") && st.isNamePart(i + 1)) i += 2;
  return i;
}

/** The statement with its DEFINER = user blanked out (same length: nothing else moves). */
function withoutDefiner(st: Stmt, raw: Buffer): Buffer {
  for (let i = 1; i < st.length && !st.is(i, "TABLE", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "SEQUENCE"); i++) {
    if (!st.is(i, "DEFINER")) continue;
    const end = skipUser(st, i + (st.punct(i + 1, "=") ? 2 : 1));
    const from = st.toks[i]!.s;
    const to = st.toks[end - 1]!.e;
    if (st.seg.tokens.some((t) => (t.k === K.VersionOpen || t.k === K.VersionClose) && t.s >= from && t.s < to)) {
      st.refuse("a DEFINER clause split across /*! */ comments", i);
    }
    const out = Buffer.from(raw);
    out.fill(0x20, from, to);
    return out;
  }
  return raw;
}

/**
 * mariadb-dump wraps a routine in `ALTER DATABASE <source> CHARACTER SET … COLLATE …` when the
 * database's collation changed since the routine was made. Without its name it means the same
 * for the destination (the client's current database), so the source's name is cut out.
 */
function alterDatabase(st: Stmt, kindAt: number): Buffer {
  let i = kindAt + 1;
  let cut: [number, number] | null = null;
  if (st.isNamePart(i) && !st.is(i, "DEFAULT", "CHARACTER", "CHARSET", "COLLATE")) {
    if (st.name(i) !== st.database) cut = [st.toks[i]!.s, st.toks[i]!.e];
    i++;
  }
  const end = st.punct(st.length - 1, ";") ? st.length - 1 : st.length;
  while (i < end) {
    if (st.is(i, "DEFAULT")) i++;
    if (st.is(i, "CHARACTER") && st.is(i + 1, "SET")) i += 2;
    else if (st.is(i, "CHARSET", "COLLATE", "COMMENT")) i++;
    else st.refuse("ALTER DATABASE may only set the character set, collation and comment", i);
    if (st.punct(i, "=")) i++;
    if (!st.isNamePart(i) && st.str(i) === null) st.refuse("ALTER DATABASE may only set the character set, collation and comment", i);
    i++;
  }
  const raw = st.seg.raw;
  return cut ? Buffer.concat([raw.subarray(0, cut[0]), raw.subarray(cut[1])]) : raw;
}
