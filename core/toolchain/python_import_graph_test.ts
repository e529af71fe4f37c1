import assert from "node:assert/strict";
import { importersOf, pythonImportGraph } from "./python_import_graph.ts";

const FILES: Record<string, string> = {
  "pkg/__init__.py": "",
  "pkg/core.py": "import os\n",
  "pkg/api.py": "from . import core\nfrom .core import thing\n",
  "pkg/cli.py": "from pkg.api import (\n    run,\n    stop,\n)\n",
  "src/lib/mod.py": "",
  "tests/helpers.py": "",
  "tests/test_api.py": "import pkg.api\n",
  "tests/test_cli.py": "def test():\n    from pkg import cli\n",
  "tests/test_lib.py": "from lib.mod import x\nfrom helpers import h\n",
};

Deno.test("pythonImportGraph() follows absolute, relative, parenthesised and function-level imports", async () => {
  const graph = await pythonImportGraph(Object.keys(FILES), (f) => Promise.resolve(FILES[f]!));
  assert.deepEqual([...graph.get("pkg/api.py")!].sort(), ["pkg/__init__.py", "pkg/core.py"]);
  assert.ok(graph.get("pkg/cli.py")!.has("pkg/api.py"));
  assert.ok(graph.get("tests/test_cli.py")!.has("pkg/cli.py"));
  assert.ok(graph.get("tests/test_lib.py")!.has("src/lib/mod.py"), "src/ layout");
  assert.ok(graph.get("tests/test_lib.py")!.has("tests/helpers.py"), "rootdir-relative sibling");
  assert.ok(!graph.get("pkg/core.py")!.size, "the standard library is not in the graph");
  const hit = [...importersOf(graph, ["pkg/core.py"])].filter((f) => f.startsWith("tests/")).sort();
  assert.deepEqual(hit, ["tests/test_api.py", "tests/test_cli.py"]);
  assert.deepEqual([...importersOf(graph, ["src/lib/mod.py"])].sort(), [
    "src/lib/mod.py",
    "tests/test_lib.py",
  ]);
});
