import type { Stmt } from "./tokens";

/**
 * The client sends a whole DELIMITER-delimited text at once and the server runs every `;`-separated
 * statement in it (the client always asks for multi-statements). Inside a routine or trigger body
 * (BEGIN … END) a `;` is part of the body; anywhere else it starts a second statement, which the
 * filter would not have checked as one. This follows the block structure to tell the two apart.
 *
 * It errs on the side of refusing: an opener is only counted where a statement must start (the
 * server's grammar allows nothing else there), and every END closes one block, so a miscount
 * shows up as an END without a block or a block left open, both refused.
 */

type Block = "BEGIN" | "IF" | "CASE_STMT" | "CASE_EXPR" | "LOOP" | "WHILE" | "REPEAT" | "FOR";

const BODY_START = new Set(
  "BEGIN RETURN IF CASE LOOP WHILE REPEAT FOR DECLARE SET SELECT INSERT UPDATE DELETE REPLACE CALL DO WITH VALUES LEAVE ITERATE SIGNAL RESIGNAL TRUNCATE CREATE DROP ALTER START COMMIT ROLLBACK OPEN CLOSE FETCH GET LOCK UNLOCK SHOW PREPARE EXECUTE DEALLOCATE".split(
    " ",
  ),
);
const CHARACTERISTICS = new Set("LANGUAGE SQL NOT DETERMINISTIC CONTAINS NO READS MODIFIES DATA SECURITY DEFINER INVOKER".split(" "));

/** Index just after a balanced ( … ) group starting at i (i must be "("). */
function skipGroup(st: Stmt, i: number): number {
  let depth = 0;
  for (; i < st.length; i++) {
    if (st.punct(i, "(")) depth++;
    else if (st.punct(i, ")") && --depth === 0) return i + 1;
  }
  return st.length;
}

/** Index just after a dotted name starting at i. */
export function skipName(st: Stmt, i: number): number {
  if (!st.isNamePart(i)) return i;
  i++;
  while (st.punct(i, ".") && st.isNamePart(i + 1)) i += 2;
  return i;
}

/** Where a CREATE PROCEDURE / FUNCTION / TRIGGER's body starts (kind = index of that word). */
export function routineBodyStart(st: Stmt, kind: number): number {
  const what = st.word(kind);
  let i = kind + 1;
  if (st.is(i, "IF") && st.is(i + 1, "NOT") && st.is(i + 2, "EXISTS")) i += 3;
  i = skipName(st, i);
  if (what === "TRIGGER") {
    if (!st.is(i, "BEFORE", "AFTER") || !st.is(i + 1, "INSERT", "UPDATE", "DELETE") || !st.is(i + 2, "ON")) st.refuse("a trigger header Lifeboat cannot read");
    i = skipName(st, i + 3);
    if (!st.is(i, "FOR") || !st.is(i + 1, "EACH") || !st.is(i + 2, "ROW")) st.refuse("a trigger header Lifeboat cannot read");
    i += 3;
    if (st.is(i, "FOLLOWS", "PRECEDES")) i = skipName(st, i + 1);
    return i;
  }
  if (!st.punct(i, "(")) st.refuse(`a ${what?.toLowerCase()} header Lifeboat cannot read`);
  i = skipGroup(st, i);
  if (what === "PROCEDURE") {
    for (;;) {
      if (st.is(i, "COMMENT")) i += 2;
      else if (st.word(i) && CHARACTERISTICS.has(st.word(i)!)) i++;
      else return i;
    }
  }
  // FUNCTION … RETURNS type [characteristics] body: the body is the first statement word that
  // cannot be part of a type (SET of CHARACTER SET or SET('a','b'), names after "." or OF).
  for (; i < st.length; i++) {
    const w = st.word(i);
    if ((st.isNamePart(i) && st.punct(i + 1, ":")) || (w && BODY_START.has(w))) {
      const prev = st.word(i - 1);
      if (st.punct(i - 1, ".") || prev === "OF" || (w === "SET" && (prev === "CHARACTER" || st.punct(i + 1, "(")))) continue;
      return i;
    }
  }
  return st.length;
}

/** Where a DECLARE … HANDLER FOR conditions statement's own statement starts, or -1. */
function handlerBodyStart(st: Stmt, i: number): number {
  if (!st.is(i + 1, "CONTINUE", "EXIT", "UNDO") || !st.is(i + 2, "HANDLER") || !st.is(i + 3, "FOR")) return -1;
  let j = i + 4;
  for (;;) {
    if (st.is(j, "SQLSTATE")) j += st.is(j + 1, "VALUE") ? 3 : 2;
    else if (st.is(j, "NOT") && st.is(j + 1, "FOUND")) j += 2;
    else if (st.isNamePart(j)) j++;
    else return j;
    if (!st.punct(j, ",")) return j;
    j++;
  }
}

/**
 * The index of the `;` that ends the first server statement when it is the last token (so it is
 * dropped), st.length when there is none. Refuses a second statement in the same text.
 */
export function checkSingleStatement(st: Stmt, bodyStart: number): number {
  const stack: { b: Block; awaitingDo?: boolean }[] = [];
  const starts = new Set<number>([0, bodyStart]);
  let startNext = false;
  for (let i = 0; i < st.length; i++) {
    const atStart = startNext || starts.has(i);
    startNext = false;
    const w = st.word(i);
    const top = stack.at(-1);
    if (st.punct(i, ";")) {
      if (stack.length) startNext = true;
      else if (i < st.length - 1) st.refuse("more than one statement in one piece of text (the server would run the rest unchecked)", i + 1);
      else return i;
    } else if (st.punct(i, ":")) startNext = true;
    else if (w === "END") {
      if (!stack.pop()) st.refuse("an END without a block", i);
      if (st.is(i + 1, "IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR")) i++;
    } else if (w === "CASE") stack.push({ b: atStart ? "CASE_STMT" : "CASE_EXPR" });
    else if (atStart && w === "BEGIN" && (i !== 0 || st.is(i + 1, "NOT"))) {
      stack.push({ b: "BEGIN" });
      if (st.is(i + 1, "NOT") && st.is(i + 2, "ATOMIC")) i += 2;
      startNext = true;
    } else if (atStart && w === "IF") stack.push({ b: "IF" });
    else if (atStart && (w === "LOOP" || w === "REPEAT")) {
      stack.push({ b: w });
      startNext = true;
    } else if (atStart && (w === "WHILE" || w === "FOR")) stack.push({ b: w, awaitingDo: true });
    else if ((w === "THEN" || w === "ELSE") && (top?.b === "IF" || top?.b === "CASE_STMT")) startNext = true;
    else if (w === "DO" && top?.awaitingDo) {
      top.awaitingDo = false;
      startNext = true;
    } else if (atStart && w === "DECLARE") {
      const h = handlerBodyStart(st, i);
      if (h >= 0) starts.add(h);
    }
  }
  if (stack.length) st.refuse(`a ${stack.at(-1)!.b.split("_")[0]} block that is never closed`);
  return st.length;
}
