// The import graph of a source tree, read with the TypeScript parser: static imports and
// re-exports, dynamic import() and (optionally) type-only imports, resolved like the `@/` alias
// and relative paths of this repository. Used by the architecture tests.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface Edge {
  to: string;
  typeOnly: boolean;
}

export function sourceFilesUnder(dir: string, skip: (file: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") && !skip(p)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export const isTestFile = (f: string) => /\.test\.tsx?$/.test(f);

function resolver(root: string) {
  return (from: string, spec: string): string | null => {
    let base: string;
    if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
    else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
    else return null;
    for (const c of [base + ".ts", base + ".tsx", path.join(base, "index.ts"), path.join(base, "index.tsx"), base]) {
      if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
    }
    return null;
  };
}

const typeOnlyImport = (st: ts.ImportDeclaration) => {
  const c = st.importClause;
  if (!c) return false;
  if (c.isTypeOnly) return true;
  const nb = c.namedBindings;
  return !c.name && !!nb && ts.isNamedImports(nb) && nb.elements.length > 0 && nb.elements.every((e) => e.isTypeOnly);
};

/** file → the repository files it imports (absolute paths). */
export function importGraph(root: string, files: string[]): Map<string, Edge[]> {
  const resolve = resolver(root);
  const graph = new Map<string, Edge[]>();
  for (const f of files) {
    const sf = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true, f.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const edges: Edge[] = [];
    const add = (spec: string, typeOnly: boolean) => {
      const to = resolve(f, spec);
      if (to) edges.push({ to, typeOnly });
    };
    const visit = (n: ts.Node) => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) add(n.moduleSpecifier.text, typeOnlyImport(n));
      else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) add(n.moduleSpecifier.text, n.isTypeOnly);
      else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) add(n.arguments[0].text, false);
      else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) add(n.argument.literal.text, true);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    graph.set(f, edges);
  }
  return graph;
}

/** Groups of files that import each other in a circle (strongly connected components, Tarjan), value imports only. */
export function importCycles(graph: Map<string, Edge[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const groups: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const { to: w, typeOnly } of graph.get(v) ?? []) {
      if (typeOnly || !graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).some((e) => e.to === v && !e.typeOnly)) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return groups;
}
