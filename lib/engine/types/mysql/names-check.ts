import type { Stmt } from "./tokens";

/**
 * Refuses a statement that names a database other than the destination: `db.table.column`
 * anywhere, `db.function(…)`, and `db.table` where SQL puts a table (after FROM, JOIN, INTO,
 * UPDATE, TABLE, VIEW, TRIGGER, PROCEDURE, CALL, REFERENCES, TO, LIKE, RENAME, in the list after
 * FROM/UPDATE/DELETE/TABLE(S), MERGE's UNION=(…), a trigger's or an index's ON, NEXTVAL(…)…).
 * A two-part name anywhere else is `table.column` (or NEW.column) and left alone. When a position
 * is unclear it counts as a table position: a false alarm costs a clear error, a miss costs
 * another database.
 */

/** Start a list of tables: every name until a clause word is a table. */
const LIST_START = new Set(["FROM", "UPDATE", "DELETE", "TABLE", "TABLES"]);
/** The next name is a table (or routine, view, trigger, sequence). */
const SINGLE = new Set(["INTO", "JOIN", "STRAIGHT_JOIN", "REFERENCES", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "SEQUENCE", "EVENT", "PACKAGE", "CALL", "TO", "LIKE", "RENAME", "INSERT", "REPLACE", "TRUNCATE", "HANDLER"]);
/** Words between such a keyword and its name. */
const MODIFIERS = new Set(["IF", "NOT", "EXISTS", "TEMPORARY", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO", "TABLE", "ONLY", "TO", "AS", "QUICK", "ONLINE", "OFFLINE", "BODY"]);
/** End the clause (a "," after them no longer lists tables). */
const CLAUSE_END = new Set(
  "WHERE SET GROUP ORDER HAVING LIMIT UNION EXCEPT INTERSECT WINDOW VALUES VALUE SELECT RETURNING INTO LOCK BEGIN END THEN ELSE ELSEIF DO LOOP REPEAT UNTIL WHEN RETURN WITH".split(" "),
);
/** Pause the list (a "," afterwards resumes it: `FROM a JOIN b ON … , c`). */
const LIST_PAUSE = new Set(["ON", "USING", "FOR", "USE", "FORCE", "PARTITION", "AS"]);
/** Functions whose parentheses hold FROM without a table. */
const FROM_FUNCTIONS = new Set(["TRIM", "EXTRACT", "SUBSTRING", "SUBSTR", "OVERLAY", "POSITION"]);
const SEQUENCE_FUNCTIONS = new Set(["NEXTVAL", "LASTVAL", "SETVAL"]);

interface Frame {
  list: boolean;
  clause: boolean;
  fn: string | null;
}

export function checkNames(st: Stmt, kind: string | null): void {
  const frames: Frame[] = [{ list: false, clause: false, fn: null }];
  let single = false;
  let onIsTable = kind === "TRIGGER" || kind === "INDEX";
  for (let i = 0; i < st.length; i++) {
    const f = frames.at(-1)!;
    const w = st.word(i);
    if (st.punct(i, "(")) {
      const prev = st.word(i - 1);
      const union = prev === "UNION" || (st.punct(i - 1, "=") && st.is(i - 2, "UNION"));
      frames.push({ list: union, clause: union, fn: prev });
      single = prev !== null && SEQUENCE_FUNCTIONS.has(prev);
      continue;
    }
    if (st.punct(i, ")")) {
      if (frames.length > 1) frames.pop();
      single = false;
      continue;
    }
    if (st.punct(i, ";")) {
      for (const fr of frames) fr.list = fr.clause = false;
      single = false;
      continue;
    }
    if (st.punct(i, ",")) {
      if (f.clause) f.list = true;
      single = false;
      continue;
    }
    if (w && !st.punct(i + 1, ".")) {
      if (MODIFIERS.has(w) && single) continue;
      if (CLAUSE_END.has(w) && !(st.is(i - 1, "FOR") && (w === "ORDER" || w === "GROUP"))) {
        f.list = f.clause = false;
        single = false;
      } else if (w === "ORDER" || w === "GROUP" || LIST_PAUSE.has(w)) f.list = false;
      if (LIST_START.has(w) && !(w === "FROM" && f.fn && FROM_FUNCTIONS.has(f.fn)) && !st.is(i - 1, "KEY", "ON", "BEFORE", "AFTER")) {
        f.list = f.clause = true;
        single = false;
        continue;
      }
      if (SINGLE.has(w) || (w === "FOR" && st.is(i - 1, "VALUE")) || (w === "ON" && onIsTable)) {
        if (w === "ON") onIsTable = false;
        single = true;
        continue;
      }
    }
    if (!st.isNamePart(i) || st.punct(i - 1, ".")) {
      single = false;
      continue;
    }
    const end = chainEnd(st, i);
    const parts = (end - i + 1) / 2;
    if (parts >= 3 || (parts === 2 && (single || f.list || st.punct(end, "(")))) checkDatabase(st, i);
    single = false;
    i = end - 1;
  }
}

/** Index after a dotted name that starts at i. */
function chainEnd(st: Stmt, i: number): number {
  i++;
  while (st.punct(i, ".") && st.isNamePart(i + 1)) i += 2;
  return i;
}

function checkDatabase(st: Stmt, i: number): void {
  const db = st.name(i);
  if (db === st.database || db.toLowerCase() === "information_schema") return;
  st.refuse(`it names the database "${db}"; a restore may only write into its destination "${st.database}"`, i);
}
