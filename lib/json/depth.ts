/**
 * JSON nesting limits. V8 parses a 100,000-deep `[[[…]]]` happily, but JSON.stringify, zod and
 * every recursive walk after it overflow the stack (a 500 instead of a 400). Both checks are
 * iterative, so the check itself cannot overflow (a cycle only ever gets deeper, so it is refused too).
 */
export const JSON_MAX_DEPTH = 32;

/** Deepest nesting of JSON text, counting brackets outside strings; stops early past `max`. */
export function textDepthExceeds(text: string, max = JSON_MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** The same limit for a value already parsed (the form sends meta as text, the CLI as an object). */
export function valueDepthExceeds(value: unknown, max = JSON_MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (d + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}
