import type { Stmt } from "./tokens";

/**
 * How the client and the server read the next statements depends on two session settings a
 * dump may change with SET: sql_mode (ANSI_QUOTES makes "…" a name; NO_BACKSLASH_ESCAPES makes
 * '\' an ordinary character) and character_set_client (in gbk, sjis, big5, cp932 a multibyte
 * character can end in a backslash byte). The filter follows what SET statements say, and after
 * each one it sends a guard statement that fails — stopping the client before anything else
 * runs — unless the server's session is as the filter believes.
 */
export interface SqlMode {
  ansiQuotes: boolean;
  noBackslashEscapes: boolean;
}

export interface SessionState {
  mode: SqlMode;
  /** User variables holding a copy of sql_mode (`SET @saved_sql_mode = @@sql_mode`). */
  savedModes: Map<string, SqlMode>;
}

/** Character sets whose multibyte characters never contain an ASCII byte. */
const SAFE_CHARSETS =
  "utf8mb4 utf8mb3 utf8 latin1 latin2 latin5 latin7 ascii binary cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866 dec8 greek hebrew hp8 keybcs2 koi8r koi8u macce macroman swe7 armscii8 geostd8 tis620 ujis eucjpms euckr gb2312";
const ANSI_QUOTES_MODES = new Set(["ANSI_QUOTES", "ANSI", "DB2", "MAXDB", "MSSQL", "ORACLE", "POSTGRESQL"]);

export const GUARD_FAILED = "LIFEBOAT_REFUSED";

/** The guard: fails with "…LIFEBOAT_REFUSED…" unless the session is as believed. */
export function guardSql(mode: SqlMode): string {
  const flag = (name: string, on: boolean) => `(FIND_IN_SET('${name}', @@SESSION.sql_mode) > 0) = ${on ? "TRUE" : "FALSE"}`;
  const ok = [flag("ANSI_QUOTES", mode.ansiQuotes), flag("NO_BACKSLASH_ESCAPES", mode.noBackslashEscapes), flag("ORACLE", false), flag("MSSQL", false)].join(" AND ");
  const charsets = SAFE_CHARSETS.split(" ")
    .map((c) => `'${c}'`)
    .join(",");
  return (
    `SET @@SESSION.sql_mode = IF(${ok}, @@SESSION.sql_mode, '${GUARD_FAILED}_UNEXPECTED_SQL_MODE'), ` +
    `@@SESSION.character_set_client = IF(@@SESSION.character_set_client IN (${charsets}), @@SESSION.character_set_client, '${GUARD_FAILED}_MULTIBYTE_CHARSET')`
  );
}

function modeOf(st: Stmt, value: string): SqlMode {
  const flags = value.split(",").map((f) => f.trim().toUpperCase());
  if (flags.includes("ORACLE") || flags.includes("MSSQL")) st.refuse("sql_mode ORACLE and MSSQL change the SQL syntax; Lifeboat restores dumps in the usual syntax only");
  return { ansiQuotes: flags.some((f) => ANSI_QUOTES_MODES.has(f)), noBackslashEscapes: flags.includes("NO_BACKSLASH_ESCAPES") };
}

/** Split "SET a = 1, b = (x, y)" into its assignments: [start, end) token ranges. */
function assignments(st: Stmt, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    if (st.punct(i, "(")) depth++;
    else if (st.punct(i, ")")) depth--;
    else if (depth === 0 && st.punct(i, ",")) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, to]);
  return out;
}

/** `@@[SESSION.|LOCAL.]sql_mode` at i (true when it is this session's sql_mode). */
function isSessionSqlMode(st: Stmt, i: number, end: number): boolean {
  if (!st.punct(i, "@") || !st.punct(i + 1, "@")) return false;
  let j = i + 2;
  if (st.is(j, "SESSION", "LOCAL") && st.punct(j + 1, ".")) j += 2;
  return st.is(j, "SQL_MODE") && j + 1 === end;
}

/** Check one top-level SET statement (tokens [0, end)) and follow what it does to the session. */
export function followSet(st: Stmt, end: number, state: SessionState): void {
  if (st.is(1, "STATEMENT")) st.refuse("SET STATEMENT … FOR is not allowed in a restored dump");
  for (const [a, b] of assignments(st, 1, end)) {
    let i = a;
    if (st.is(i, "GLOBAL") || (st.punct(i, "@") && st.punct(i + 1, "@") && st.is(i + 2, "GLOBAL"))) {
      st.refuse("SET GLOBAL changes the whole server's settings", i);
    }
    if (st.is(i, "PASSWORD", "ROLE", "DEFAULT")) st.refuse("SET PASSWORD / ROLE changes accounts or rights", i);
    if (st.is(i, "NAMES", "CHARSET", "CHARACTER", "TRANSACTION") || (st.is(i, "SESSION", "LOCAL") && st.is(i + 1, "TRANSACTION"))) continue; // the guard checks the character set
    const eq = findAssign(st, i, b);
    if (eq < 0) st.refuse("a SET Lifeboat cannot read", i);
    // The value's own assignments (@x := …) change variables the filter may have trusted.
    for (let k = eq + 1; k < b; k++) if (st.punct(k, "@") && st.punct(k + 2, ":=")) state.savedModes.delete(st.name(k + 1).toLowerCase());
    if (st.punct(i, "@") && !st.punct(i + 1, "@")) {
      const v = st.name(i + 1).toLowerCase();
      const lit = eq + 2 === b ? st.str(eq + 1) : null;
      if (isSessionSqlMode(st, eq + 1, b)) state.savedModes.set(v, { ...state.mode });
      else if (lit !== null) state.savedModes.set(v, modeOf(st, lit));
      else state.savedModes.delete(v);
      continue;
    }
    if (st.punct(i, "@") && st.punct(i + 1, "@")) i += 2;
    if (st.is(i, "SESSION", "LOCAL")) i += st.punct(i + 1, ".") ? 2 : 1;
    if (!st.is(i, "SQL_MODE")) continue;
    const lit = eq + 2 === b ? st.str(eq + 1) : null;
    if (lit !== null) state.mode = modeOf(st, lit);
    else if (isSessionSqlMode(st, eq + 1, b)) continue;
    else if (st.punct(eq + 1, "@") && eq + 3 === b) state.mode = state.savedModes.get(st.name(eq + 2).toLowerCase()) ?? { ansiQuotes: false, noBackslashEscapes: false };
    else state.mode = { ansiQuotes: false, noBackslashEscapes: false }; // the guard tells if that was wrong
  }
}

function findAssign(st: Stmt, from: number, to: number): number {
  for (let i = from; i < to; i++) if (st.punct(i, "=") || st.punct(i, ":=")) return i;
  return -1;
}

/** Any statement but SET that mentions @var may change it (SELECT … INTO @v, @v := …, a trigger). */
export function forgetMentionedVariables(st: Stmt, end: number, state: SessionState): void {
  if (!state.savedModes.size) return;
  for (let i = 0; i < end - 1; i++) {
    if (st.punct(i, "@") && !st.punct(i + 1, "@") && !st.punct(i - 1, "@") && (st.isNamePart(i + 1) || st.str(i + 1) !== null)) {
      state.savedModes.delete(st.name(i + 1).toLowerCase());
    }
  }
}
