/** Pure rules that turn one failure's text into a specific hint. The analyzer adds project lookups. */

/** Expected vs actual from an assertion message, when it can be read. */
export function assertionHint(text: string): string | undefined {
  if (!/assert/i.test(text) && !/not equal|Expected|!==|\bwant\b|left:/.test(text)) {
    return undefined;
  }
  const where = text.match(/\+\s+where\s+(.+?)\s*=\s*(.+)/);
  const pyEq = text.match(/assert\s+(.+?)\s+==\s+(.+)/);
  if (pyEq) {
    const actual = (pyEq[1] ?? "").trim();
    const expected = (pyEq[2] ?? "").split("\n")[0]?.trim() ?? "";
    const from = where
      ? ` (${where[1]?.trim()} comes from ${where[2]?.split("\n")[0]?.trim()})`
      : "";
    return `expected ${expected}, got ${actual}${from}`;
  }
  const strict = text.match(/\n\s*\n?(.+?) !== (.+)/);
  if (strict && /strictly equal|deep.?equal/i.test(text)) {
    return `expected ${strict[2]?.trim()}, got ${strict[1]?.trim()}`;
  }
  const diff = text.match(/Actual \/ Expected[\s\S]*?\n\s*-\s+(.+)\n\s*\+\s+(.+)/);
  if (diff) return `expected ${diff[2]?.trim()}, got ${diff[1]?.trim()}`;
  // vitest (chai): "AssertionError: expected 2 to be 3 // Object.is equality".
  const chai = text.match(
    /expected (.+?) to (?:be|equal|deeply equal|strictly equal|eql|have length|include) (.+?)(?:\s+\/\/|\n|\s+- Expected|$)/,
  );
  if (chai) return `expected ${chai[2]?.trim()}, got ${chai[1]?.trim()}`;
  // jest: "Expected: 3" and "Received: 2", on their own lines or joined into one.
  const jest = text.match(
    /Expected(?: value)?:\s+(.+?)\s*(?:\n\s*|\s+)Received(?: value)?:\s+(.+?)(?:\n|\s+at\s|$)/,
  );
  if (jest) return `expected ${jest[1]?.trim()}, got ${jest[2]?.trim()}`;
  const go = text.match(/got:?\s+(.+?),?\s+want:?\s+(.+)/i);
  if (go) return `expected ${go[2]?.split("\n")[0]?.trim()}, got ${go[1]?.trim()}`;
  const rust = text.match(/left:\s*(.+)\n\s*right:\s*(.+)/);
  if (rust) return `expected ${rust[2]?.trim()}, got ${rust[1]?.trim()}`;
  const words = text.match(/expected\s+(.+?)\s*(?:,|but)\s*(?:got|received|was)\s+(.+)/i);
  if (words) return `expected ${words[1]?.trim()}, got ${words[2]?.split("\n")[0]?.trim()}`;
  const pyBool = text.match(/assert\s+(.+)/);
  if (pyBool && /AssertionError|^assert/m.test(text)) {
    return `the assertion \`${pyBool[1]?.split("\n")[0]?.trim()}\` was false`;
  }
  return undefined;
}

/** What an import failure names: the missing name and the module it was expected in. */
export interface MissingImport {
  name: string;
  module?: string;
  /** True when the whole module is missing, not a name in it. */
  moduleMissing: boolean;
}

/** Reads a Python or JS/TS import failure. */
export function missingImport(text: string): MissingImport | undefined {
  const py = text.match(/cannot import name ['"]([\w.]+)['"](?: from ['"]([\w.]+)['"])?/);
  if (py?.[1]) return { name: py[1], ...(py[2] ? { module: py[2] } : {}), moduleMissing: false };
  const pyMod = text.match(/No module named ['"]([\w.]+)['"]/);
  if (pyMod?.[1]) return { name: pyMod[1], module: pyMod[1], moduleMissing: true };
  const esm = text.match(/module ['"]([^'"]+)['"] does not provide an export named ['"](\w+)['"]/);
  if (esm?.[2]) return { name: esm[2], module: esm[1] ?? "", moduleMissing: false };
  const ts = text.match(/Module ['"]+([^'"]+)['"]+ has no exported member ['"](\w+)['"]/);
  if (ts?.[2]) return { name: ts[2], module: ts[1] ?? "", moduleMissing: false };
  const nf = text.match(/(?:Module not found|Cannot find module) ['"]([^'"]+)['"]/);
  if (nf?.[1]) return { name: nf[1], module: nf[1], moduleMissing: true };
  return undefined;
}

/** A hint for a TypeScript diagnostic code (TS2322 ...), from its message. */
export function typeHint(code: string, message: string): string | undefined {
  const q = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? "");
  switch (code) {
    case "TS2322":
      return `a value of type ${q[0] ?? "?"} is assigned where ${
        q[1] ?? "another type"
      } is declared: convert the value or change the declared type`;
    case "TS2345":
      return `an argument of type ${q[0] ?? "?"} is passed where ${
        q[1] ?? "another type"
      } is expected: fix the call or the parameter type`;
    case "TS2304":
      return `${q[0] ?? "a name"} is not defined: import or declare it`;
    case "TS2305":
    case "TS2724":
      return `${q[1] ?? "the name"} is not exported by ${
        q[0] ?? "the module"
      }: export it or fix the import`;
    case "TS2307":
      return `module ${q[0] ?? ""} cannot be found: check the path or install the dependency`;
    case "TS2339":
      return `${q[0] ?? "the property"} does not exist on ${
        q[1] ?? "that type"
      }: check the spelling or add it to the type`;
    case "TS2554":
      return `wrong number of arguments: ${message.replace(/^.*?(Expected)/, "$1")}`;
    case "TS7006":
      return `parameter ${q[0] ?? ""} has no type: add a type annotation`;
    case "TS18048":
    case "TS2532":
      return `${q[0] ?? "a value"} may be undefined: check it before use or use optional chaining`;
    case "TS2741":
      return `property ${q[0] ?? "?"} is missing: add it to the object`;
    default:
      return undefined;
  }
}

/** Hints for common runtime errors named in a failure message (Python and JS). */
export function runtimeHint(text: string): string | undefined {
  const name = text.match(/NameError: name '(\w+)' is not defined/);
  if (name) return `${name[1]} is used but never defined or imported`;
  const attr = text.match(
    /AttributeError: (?:'(\w+)' object|module '([\w.]+)') has no attribute '(\w+)'/,
  );
  if (attr) {
    return `${attr[1] ?? attr[2]} has no attribute ${attr[3]}: check the spelling or add it`;
  }
  const args = text.match(
    /TypeError: (\w+)\(\) missing (\d+) required positional arguments?: (.+)/,
  );
  if (args) {
    return `${args[1]}() is called without ${args[3]?.split("\n")[0]}: update the call sites`;
  }
  const goUndefined = text.match(/\bundefined: ([\w.]+)/);
  if (goUndefined) return `${goUndefined[1]} is not declared: declare it or import its package`;
  const rustMissing = text.match(/cannot find (?:value|function|type|struct|macro) `(\w+)`/);
  if (rustMissing) return `${rustMissing[1]} is not in scope: declare it or add a \`use\``;
  const ref = text.match(/ReferenceError: (\w+) is not defined/);
  if (ref) return `${ref[1]} is used but never defined or imported`;
  const notFn = text.match(/TypeError: ([\w.]+) is not a function/);
  if (notFn) return `${notFn[1]} is not a function: check the import and its export`;
  const key = text.match(/KeyError: (.+)/);
  if (key) return `the key ${key[1]?.split("\n")[0]} is missing from the mapping`;
  const syntax = text.match(/SyntaxError: (.+)/);
  if (syntax) return `syntax error: ${syntax[1]?.split("\n")[0]}`;
  if (/ZeroDivisionError|division by zero/.test(text)) {
    return "a division by zero: guard the divisor";
  }
  const timeout = text.match(/timed? ?out/i);
  if (timeout) return "the test timed out: look for a missing await or an endless loop";
  return undefined;
}

/**
 * The command that applies a lint tool's own fixes, by the tool's analyzer name (`ToolRun.tool`): what
 * `flux autofix` runs on the files with fixable findings, and what the lint hint offers it for. Tools
 * whose JSON does not say which findings are fixable (deno lint, pylint) have none: Flux cannot promise
 * a fix.
 */
export const LINT_FIX: Record<string, string> = {
  ruff: "ruff check --fix",
  eslint: "npx eslint --fix .",
  biome: "npx biome check --write",
};
