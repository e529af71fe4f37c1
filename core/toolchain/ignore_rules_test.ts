import { equal } from "node:assert/strict";
import { IgnoreRules } from "./ignore_rules.ts";

Deno.test("IgnoreRules.ignores() matches bare names at any depth", () => {
  const rules = new IgnoreRules(["secret.txt", "*.log", "# comment", ""]);
  equal(rules.ignores("secret.txt"), true);
  equal(rules.ignores("a/b/secret.txt"), true);
  equal(rules.ignores("a/app.log"), true);
  equal(rules.ignores("a/app.log.txt"), false);
  equal(rules.ignores("# comment"), false);
});

Deno.test("IgnoreRules.ignores() applies dir/ patterns to directories and everything under them", () => {
  const rules = new IgnoreRules(["build/"]);
  equal(rules.ignores("build/out.js"), true);
  equal(rules.ignores("src/build/x.js"), true);
  equal(rules.ignores("build", false), false);
  equal(rules.ignores("build", true), true);
  equal(rules.ignores("rebuild/x.js"), false);
});

Deno.test("IgnoreRules.ignores() anchors patterns that contain a slash", () => {
  const rules = new IgnoreRules(["/only_root.txt", "docs/*.md", "a/**/z.txt"]);
  equal(rules.ignores("only_root.txt"), true);
  equal(rules.ignores("sub/only_root.txt"), false);
  equal(rules.ignores("docs/x.md"), true);
  equal(rules.ignores("docs/deep/x.md"), false);
  equal(rules.ignores("a/z.txt"), true);
  equal(rules.ignores("a/b/c/z.txt"), true);
});

Deno.test("IgnoreRules.ignores() re-includes with ! unless a parent directory is ignored", () => {
  const rules = new IgnoreRules(["*.env", "!example.env", "logs/", "!logs/keep.txt"]);
  equal(rules.ignores("prod.env"), true);
  equal(rules.ignores("example.env"), false);
  equal(rules.ignores("logs/keep.txt"), true);
});

Deno.test("IgnoreRules.ignores() supports ? and [...] classes", () => {
  const rules = new IgnoreRules(["file?.txt", "[ab]*.py", "[!c]x"]);
  equal(rules.ignores("file1.txt"), true);
  equal(rules.ignores("file10.txt"), false);
  equal(rules.ignores("alpha.py"), true);
  equal(rules.ignores("charlie.py"), false);
  equal(rules.ignores("dx"), true);
  equal(rules.ignores("cx"), false);
});

Deno.test("IgnoreRules.ignores() is case-sensitive, keeps escaped # and ! and trailing-space rules", () => {
  const rules = new IgnoreRules(["Build/", "\\#notes", "\\!bang", "spaced\\ ", "**/gen/**"]);
  equal(rules.ignores("build/x.js"), false);
  equal(rules.ignores("Build/x.js"), true);
  equal(rules.ignores("#notes"), true);
  equal(rules.ignores("!bang"), true);
  equal(rules.ignores("spaced "), true);
  equal(rules.ignores("a/gen/b/c.ts"), true);
});

Deno.test("IgnoreRules.match() says re-included for a ! rule and undefined when no rule matches", () => {
  const rules = new IgnoreRules(["*.env", "!example.env"]);
  equal(rules.match("prod.env", false), true);
  equal(rules.match("example.env", false), false);
  equal(rules.match("src/a.ts", false), undefined);
});
