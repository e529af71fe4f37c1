import assert from "node:assert/strict";
import { DEFAULT_WATCH, GlobSet, globToRegExp, isIgnoredPath } from "./watch_globs.ts";

Deno.test("globToRegExp() matches nested paths with ** and alternatives with {}", () => {
  const re = globToRegExp("**/*.{py,ts}");
  assert.ok(re.test("auth.py"));
  assert.ok(re.test("src/deep/auth.ts"));
  assert.ok(!re.test("src/auth.pyc"));
  assert.ok(globToRegExp("src/*.ts").test("src/a.ts"));
  assert.ok(!globToRegExp("src/*.ts").test("src/x/a.ts"));
  assert.ok(globToRegExp("test_?.py").test("test_a.py"));
  assert.ok(globToRegExp("[ab].py").test("b.py"));
});

Deno.test("GlobSet.matches() uses the default watch globs of each monitor", () => {
  const tests = new GlobSet(DEFAULT_WATCH.tests ?? []);
  assert.ok(tests.matches("tests/test_auth.py"));
  assert.ok(tests.matches("deno.json"));
  assert.ok(!tests.matches("README.md"));
  assert.ok(new GlobSet(DEFAULT_WATCH.git ?? []).matches("README.md"));
});

Deno.test("isIgnoredPath() skips caches, dependencies and .flux", () => {
  assert.ok(isIgnoredPath(".flux/sessions.db"));
  assert.ok(isIgnoredPath("pkg/__pycache__/a.pyc"));
  assert.ok(isIgnoredPath("node_modules/x/index.js"));
  assert.ok(!isIgnoredPath("src/auth.py"));
});

Deno.test("GlobSet.matches() matches dotfiles and a leading ./ in the glob", () => {
  const set = new GlobSet(["./src/**/*.ts", "**/.eslintrc*"]);
  assert.ok(set.matches("src/a.ts"));
  assert.ok(set.matches("src/.hidden/b.ts"));
  assert.ok(set.matches("pkg/.eslintrc.json"));
  assert.ok(!set.matches("lib/a.ts"));
  assert.ok(new GlobSet(DEFAULT_WATCH.lint ?? []).matches(".eslintrc.cjs"));
});
