/**
 * The tests of per-test coverage selection need a python that imports both pytest and `coverage`
 * (Debian's python3-pytest and python3-coverage give /usr/bin/python3 both). A fixture gets it as its
 * `.venv/bin/python`, the interpreter Flux runs the project's pytest with; Deno.env and PATH stay as
 * they are.
 */
import { LEAN_PYTEST_INI } from "./_stages.ts";

const CANDIDATES = ["/usr/bin/python3", "python3", "python"];

async function imports(python: string, modules: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(python, {
      args: ["-c", `import ${modules}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** The first python that imports pytest and coverage, or null. */
export async function coveragePython(): Promise<string | null> {
  for (const python of CANDIDATES) if (await imports(python, "pytest, coverage")) return python;
  return null;
}

/** Why the coverage tests are ignored here ("" when they run). */
export const COVERAGE_PYTHON = await coveragePython();
export const NO_COVERAGE = COVERAGE_PYTHON === null
  ? " (ignored: no python here imports both pytest and the coverage module; apt-get install python3-coverage)"
  : "";

/** Gives the fixture at `dir` a `.venv/bin/python` that is `python` (a symlink). */
export async function linkVenvPython(dir: string, python: string): Promise<void> {
  const path = python.includes("/") ? python : await which(python);
  await Deno.mkdir(`${dir}/.venv/bin`, { recursive: true });
  await Deno.symlink(path, `${dir}/.venv/bin/python`);
}

async function which(name: string): Promise<string> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v ${name}`] }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

/** A module only an `importlib.import_module` of a computed name reaches: the import graph cannot see it. */
export const DYNAMIC_FILES = {
  "pytest.ini": LEAN_PYTEST_INI,
  "pkg/__init__.py": "",
  "pkg/hidden.py": "def value():\n    return 42\n",
  "pkg/plain.py": "def one():\n    return 1\n",
  "tests/test_dyn.py": 'import importlib\n\nNAME = "pkg." + "hid" + "den"\n\n\n' +
    "def test_dyn():\n    assert importlib.import_module(NAME).value() == 42\n\n\n" +
    "class TestK:\n    def test_method(self):\n        assert True\n",
  "tests/test_plain.py": "from pkg.plain import one\n\n\ndef test_one():\n    assert one() == 1\n",
};
