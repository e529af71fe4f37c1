import { deepEqual, equal, throws } from "node:assert/strict";
import { parseJUnit } from "./junit.ts";

Deno.test("parseJUnit() reads a bare <testsuite> root with CDATA, entities and comments", () => {
  const cases = parseJUnit(`<?xml version="1.0"?>
<!-- produced by a runner -->
<testsuite name="s" tests="3">
  <testcase classname="pkg.Test" name="a &amp; b" file="a.py" line="4"/>
  <testcase classname="pkg.Test" name="fails"><failure message="x &lt; y"><![CDATA[trace <raw> & text]]></failure></testcase>
  <testcase classname="pkg.Test" name="err"><error message='boom &#x41;'>E</error></testcase>
  <testcase classname="pkg.Test" name="skip"><skipped/></testcase>
</testsuite>`);
  deepEqual(cases.map((c) => [c.name, c.outcome, c.message]), [
    ["a & b", "passed", undefined],
    ["fails", "failed", "x < y"],
    ["err", "error", "boom A"],
    ["skip", "skipped", undefined],
  ]);
  equal(cases[0]?.file, "a.py");
  equal(cases[0]?.line, 4);
  equal(cases[1]?.detail, "trace <raw> & text");
});

Deno.test("parseJUnit() reads nested suites under <testsuites>", () => {
  const cases = parseJUnit(
    '<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="t"/></testsuite></testsuite></testsuites>',
  );
  deepEqual(cases.map((c) => [c.suite, c.name]), [["inner", "t"]]);
});

Deno.test("parseJUnit() throws a SyntaxError on a truncated or foreign document", () => {
  throws(() => parseJUnit("<testsuites><testsuite>"), SyntaxError);
  throws(() => parseJUnit("<html></html>"), /root element is "<html>"/);
  throws(() => parseJUnit("<a></b>"), /Cannot parse XML: .*closing tag 'b'/);
});

Deno.test("parseJUnit() keeps a numeric reference outside Unicode as written instead of throwing", () => {
  const cases = parseJUnit(
    '<testsuite name="s"><testcase name="odd &#x110000; &#233;"><failure message="&#1114112;">x</failure></testcase></testsuite>',
  );
  deepEqual(cases.map((c) => [c.name, c.outcome, c.message]), [
    ["odd &#x110000; é", "failed", "&#1114112;"],
  ]);
});

Deno.test("parseJUnit() keeps every case of a large report in order", () => {
  const body = Array.from({ length: 500 }, (_, i) => `<testcase name="t${i}"/>`).join("");
  const cases = parseJUnit(`<testsuites><testsuite name="big">${body}</testsuite></testsuites>`);
  equal(cases.length, 500);
  equal(cases[499]?.name, "t499");
});
