// External processes take an argument array, never a shell string (conventions: execa 9 with
// argument arrays, secrets via env). Tests, benches and e2e fixtures may use `bash -c` for set-up;
// production code (app, lib, components, bin, instrumentation) may not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFiles } from "./authorisation-scan";

// Functions that run a whole command line through a shell.
const SHELL_FNS = new Set(["exec", "execSync", "execaCommand", "execaCommandSync"]);
// Functions that take (file, args[], options).
// trackedExeca (lib/engine/process/process-registry.ts) is execa in its own process group, registered to die with the console.
const ARRAY_FNS = new Set(["execa", "trackedExeca", "execaSync", "execaNode", "spawn", "spawnSync", "execFile", "execFileSync", "fork"]);
const SHELLS = /^(\/(usr\/)?bin\/)?(ba|z|da)?sh$/;

function problemsIn(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const rel = path.relative(ROOT, file);
  const out: string[] = [];
  const where = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) && /^(child_process|cp|childProcess)$/.test(e.expression.getText(sf)) ? e.name.text : null;
      if (name && SHELL_FNS.has(name)) out.push(`${where(n)}: ${name}() runs a shell string`);
      if (name && ARRAY_FNS.has(name)) {
        const [file0, args] = n.arguments;
        if (file0 && ts.isStringLiteralLike(file0) && /\s/.test(file0.text)) out.push(`${where(n)}: ${name}("${file0.text}") looks like a command line`);
        if (file0 && ts.isStringLiteralLike(file0) && SHELLS.test(file0.text)) out.push(`${where(n)}: ${name}() starts a shell`);
        if (args && ts.isTemplateExpression(args)) out.push(`${where(n)}: ${name}() arguments built as one string`);
        for (const a of n.arguments) {
          if (ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name?.getText(sf) === "shell")) out.push(`${where(n)}: ${name}() with a shell option`);
        }
      }
      // execa`cmd ${x}` / $`…` tagged templates are a command line too.
    }
    if (ts.isTaggedTemplateExpression(n) && /^(execa|\$)$/.test(n.tag.getText(sf))) out.push(`${where(n)}: tagged-template command line`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Calls that start a process without the registry (execa, spawn, execFile, … by name). */
function directSpawnsIn(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) && /^(child_process|cp|childProcess)$/.test(e.expression.getText(sf)) ? e.name.text : null;
      if (name && name !== "trackedExeca" && (ARRAY_FNS.has(name) || SHELL_FNS.has(name))) {
        out.push(`${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${name}()`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("every child process dies with the console", () => {
  it("production code starts processes only through trackedExeca (own process group, killed on exit, recorded for recovery)", () => {
    const prod = [...sourceFiles("app", "lib", "components", "bin"), path.join(ROOT, "instrumentation.ts")].filter((f) => fs.existsSync(f) && !f.endsWith(".d.ts"));
    const direct = prod.filter((f) => path.relative(ROOT, f) !== "lib/engine/process/process-registry.ts").flatMap(directSpawnsIn);
    expect(direct).toEqual([]);
  });
});

describe("processes never take a shell string", () => {
  const prod = [...sourceFiles("app", "lib", "components", "bin"), path.join(ROOT, "instrumentation.ts")].filter((f) => fs.existsSync(f) && !f.endsWith(".d.ts"));

  it("scans the production code (a scan that sees nothing proves nothing)", () => {
    const spawning = prod.filter((f) => /\b(execa|trackedExeca)\(/.test(fs.readFileSync(f, "utf8")));
    expect(spawning.map((f) => path.relative(ROOT, f))).toEqual(
      expect.arrayContaining(["lib/engine/process/exec-tool.ts", "lib/engine/types/shared/db-cli.ts", "lib/engine/types/postgres/pg-contents.ts", "lib/engine/archive/read.ts"]),
    );
  });

  it("no shell string, shell option or command line in app, lib, components, bin", () => {
    expect(prod.flatMap(problemsIn)).toEqual([]);
  });

  it("the scanner catches what it is meant to", () => {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lb-shell-scan-")), "fixture.ts");
    fs.writeFileSync(
      tmp,
      [
        'import { execa } from "execa";',
        'import { exec, spawn } from "node:child_process";',
        'exec("tar -cf x .");',
        'spawn("bash", ["-c", "rm -rf /"]);',
        'execa("pg_dump", ["-Fc"], { shell: true });',
        'execa("pg_dump --format=c");',
      ].join("\n"),
    );
    try {
      expect(problemsIn(tmp)).toHaveLength(4);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});
