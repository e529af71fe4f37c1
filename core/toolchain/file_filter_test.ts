import { equal } from "node:assert/strict";
import { FileFilter, isEditorTemp } from "./file_filter.ts";

Deno.test("FileFilter.ignores() skips VCS, Flux state, dependencies and caches", () => {
  const filter = new FileFilter();
  for (
    const path of [
      ".git/index",
      ".flux/tmp/pytest-1.report",
      "node_modules/x/index.js",
      "pkg/__pycache__/auth.cpython-311.pyc",
      ".pytest_cache/v/cache/lastfailed",
      "target/debug/app",
      "dist/app.js",
      "coverage/lcov.info",
      ".ruff_cache/x",
    ]
  ) equal(filter.ignores(path), true, path);
  for (const path of ["auth.py", "src/main.ts", "tests/test_auth.py", "Cargo.toml"]) {
    equal(filter.ignores(path), false, path);
  }
});

Deno.test("FileFilter.ignores() skips editors' temporaries but not look-alike sources", () => {
  for (
    const name of [".auth.py.swp", "auth.py~", ".#auth.py", "4913", "auth.py.tmp", "x.tmp.123"]
  ) {
    equal(isEditorTemp(name), true, name);
  }
  for (const name of ["auth.py", "page.tmpl", "swap.py", "tmp.ts"]) {
    equal(isEditorTemp(name), false, name);
  }
});

Deno.test("FileFilter.load() reads .gitignore and extra patterns", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_filter_" });
  try {
    await Deno.writeTextFile(`${dir}/.gitignore`, "*.log\nsecrets/\n!keep.log\n");
    const filter = await FileFilter.load(dir, { ignore: ["generated.ts"] });
    equal(filter.ignores("app.log"), true);
    equal(filter.ignores("keep.log"), false);
    equal(filter.ignores("secrets/key.pem"), true);
    equal(filter.ignores("src/generated.ts"), true);
    equal(filter.ignores("src/app.ts"), false);
    filter.addNested("web", ["*.css"]);
    equal(filter.ignores("web/site.css"), true);
    equal(filter.ignores("site.css"), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
