// Static half of the authorisation guard: which exported entry points exist in "use server"
// modules and route files, and which authorisation calls their bodies make.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface EntryPoint {
  /** Path relative to the project root. */
  file: string;
  name: string;
  /** Names of the functions its body calls (identifiers directly before "("). */
  calls: Set<string>;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

export function sourceFiles(...dirs: string[]): string[] {
  return dirs.flatMap((d) => (fs.existsSync(path.join(ROOT, d)) ? walk(path.join(ROOT, d)) : [])).sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** A module-level "use server" directive (the first statements of the file). */
export function isUseServerModule(file: string): boolean {
  const sf = parse(file);
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) {
      if (st.expression.text === "use server") return true;
      continue;
    }
    break;
  }
  return false;
}

/** "use server" written inside a function body: an inline action the module scan would miss. */
export function inlineUseServer(file: string): boolean {
  const sf = parse(file);
  let found = false;
  const visit = (n: ts.Node) => {
    if (ts.isBlock(n) && n.parent && ts.isFunctionLike(n.parent)) {
      const first = n.statements[0];
      if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server") found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function callsIn(node: ts.Node): Set<string> {
  const calls = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      if (ts.isIdentifier(e)) calls.add(e.text);
      else if (ts.isPropertyAccessExpression(e)) calls.add(e.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return calls;
}

const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Every exported function / const of a module, with the calls its body makes. */
export function exportedEntryPoints(file: string): EntryPoint[] {
  const sf = parse(file);
  const rel = path.relative(ROOT, file);
  const out: EntryPoint[] = [];
  for (const st of sf.statements) {
    if (!isExported(st)) continue;
    if (ts.isFunctionDeclaration(st) && st.name) out.push({ file: rel, name: st.name.text, calls: callsIn(st) });
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const names = ts.isIdentifier(d.name) ? [d.name.text] : ts.isObjectBindingPattern(d.name) ? d.name.elements.map((e) => e.name.getText(sf)) : [];
        for (const name of names) out.push({ file: rel, name, calls: d.initializer ? callsIn(d.initializer) : new Set() });
      }
    }
  }
  return out;
}

/** Calls made by one named function of a helper module (for wrappers like artifactRoute). */
export function callsOfFunction(file: string, name: string): Set<string> {
  const ep = exportedEntryPoints(path.join(ROOT, file)).find((e) => e.name === name);
  if (!ep) throw new Error(`${file} has no exported ${name}`);
  return ep.calls;
}
