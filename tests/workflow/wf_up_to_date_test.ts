/**
 * End-to-end: steps with `sources:` are skipped while up to date, rerun for each kind of change, `--force`,
 * `--resume` and `--explain` / `flux wf why`, through the `flux` command line on temp projects.
 */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

async function flux(dir: string, args: string[], env: Record<string, string> = {}): Promise<Cli> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** The `why` line of `step` in `--explain` output. */
function why(out: string, step: string): string {
  const line = out.split("\n").find((l) => new RegExp(`^ {2}. ${step} `).test(l));
  assert(line !== undefined, `no explanation for ${step} in:\n${out}`);
  return line.replace(/^ {2}. \S+\s+/, "");
}

const BUILD = `build:
  steps:
    - name: compile
      step_type: command
      command: cat src/a.txt src/b.txt > out.txt
      sources: [src/*.txt]
      generates: [out.txt]
      env: { MODE: dev }
      fingerprint_env: [FLUX_TEST_FLAVOUR]
`;

async function buildProject(yaml = BUILD): Promise<string> {
  return await makeProject({
    ".flux/workflows.yaml": yaml,
    "src/a.txt": "a\n",
    "src/b.txt": "b\n",
  });
}

Deno.test("a step with sources: is skipped while unchanged and reruns for each kind of change", async () => {
  const dir = await buildProject();
  const run = (env: Record<string, string> = {}, ...extra: string[]) =>
    flux(dir, ["wf", "run", "build", "--explain", ...extra], env);
  try {
    const first = await run();
    assertEquals(first.code, 0, first.stderr + first.stdout);
    assertEquals(
      why(first.stdout, "compile"),
      "ran: no successful run with these sources: recorded yet",
    );

    const again = await run();
    assertEquals(again.code, 0, again.stderr);
    assertMatch(
      again.stdout,
      /↷ \[1\/1\] compile up to date \(sources unchanged since \d\d:\d\d\)/,
    );
    assertMatch(why(again.stdout, "compile"), /^skipped: up to date: sources unchanged since/);

    await Deno.writeTextFile(`${dir}/src/a.txt`, "a changed\n");
    const changed = await run();
    assertMatch(
      why(changed.stdout, "compile"),
      /^ran: src\/a\.txt changed \(fingerprint [0-9a-f]{16} → [0-9a-f]{16}\)$/,
    );
    assertEquals(await Deno.readTextFile(`${dir}/out.txt`), "a changed\nb\n");

    // Same content under another name: a rename counts.
    await Deno.rename(`${dir}/src/b.txt`, `${dir}/src/c.txt`);
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      BUILD.replace("src/b.txt", "src/c.txt"),
    );
    const renamed = await run();
    assertMatch(why(renamed.stdout, "compile"), /src\/b\.txt was renamed to src\/c\.txt/);

    const env = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertMatch(why(env.stdout, "compile"), /^ran: the value of FLUX_TEST_FLAVOUR changed/);
    const envSame = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertMatch(why(envSame.stdout, "compile"), /^skipped: up to date/);

    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      BUILD.replace("src/b.txt", "src/c.txt").replace("MODE: dev", "MODE: prod"),
    );
    const declared = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertMatch(why(declared.stdout, "compile"), /^ran: the value of MODE changed/);

    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      BUILD.replace("src/b.txt", "src/c.txt").replace("MODE: dev", "MODE: prod")
        .replace("> out.txt", ">  out.txt"),
    );
    const command = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertMatch(why(command.stdout, "compile"), /^ran: its command or tool and params changed/);

    await Deno.remove(`${dir}/out.txt`);
    const deleted = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertEquals(why(deleted.stdout, "compile"), 'ran: generates "out.txt" matches no file');
    assert(await Deno.stat(`${dir}/out.txt`).then(() => true), "the step made out.txt again");

    const forced = await run({ FLUX_TEST_FLAVOUR: "spicy" }, "--force");
    assertEquals(why(forced.stdout, "compile"), "ran: --force reruns every step");
    const after = await run({ FLUX_TEST_FLAVOUR: "spicy" });
    assertMatch(why(after.stdout, "compile"), /^skipped: up to date/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checking whether steps are up to date writes nothing: the store is untouched by a dry check", async () => {
  const dir = await buildProject();
  try {
    assertEquals((await flux(dir, ["wf", "run", "build"])).code, 0);
    const db = `${dir}/.flux/sessions.db`;
    const before = await Deno.readFile(db);
    const list = await flux(dir, ["wf", "list"]);
    assertMatch(list.stdout, /build\s+file\s+✓ passed \d\d:\d\d/);
    const why = await flux(dir, ["wf", "why", "build"]);
    assertEquals(why.code, 0, why.stderr);
    assertEquals(await Deno.readFile(db), before);
    const incognito = await flux(dir, ["--incognito", "wf", "run", "build"]);
    assertMatch(incognito.stdout, /compile up to date/);
    assertEquals(await Deno.readFile(db), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const FIVE = `five:
  steps:
    - name: one
      step_type: command
      command: echo first-output
    - name: two
      step_type: command
      command: sh -c 'echo two >> ran.log'
    - name: three
      step_type: command
      command: sh -c 'echo three >> ran.log'
    - name: four
      step_type: command
      command: sh -c 'echo four >> ran.log; test -f fixed'
    - name: five
      step_type: command
      command: sh -c 'echo "five saw [$FLUX_PREV]" >> ran.log; echo "{steps.one.output}" >> ran.log'
      env: { FLUX_PREV: "{steps.one.output}" }
`;

Deno.test("--resume after a failure at step 4 of 5 reruns exactly steps 4 and 5 with steps 1-3 restored", async () => {
  const dir = await makeProject({ ".flux/workflows.yaml": FIVE });
  try {
    const failed = await flux(dir, ["wf", "run", "five"]);
    assertEquals(failed.code, 1, failed.stdout);
    assertEquals(await Deno.readTextFile(`${dir}/ran.log`), "two\nthree\nfour\n");
    await Deno.writeTextFile(`${dir}/fixed`, "");
    await Deno.writeTextFile(`${dir}/ran.log`, "");
    const resumed = await flux(dir, ["wf", "run", "five", "--resume", "--explain"]);
    assertEquals(resumed.code, 0, resumed.stderr + resumed.stdout);
    assertEquals(
      await Deno.readTextFile(`${dir}/ran.log`),
      "four\nfive saw [first-output]\nfirst-output\n",
    );
    for (const step of ["one", "two", "three"]) {
      assertMatch(resumed.stdout, new RegExp(`↷ \\[\\d/5\\] ${step} restored from the run at`));
      assertMatch(why(resumed.stdout, step), /^skipped: --resume restored it \(it succeeded/);
    }
    assertMatch(why(resumed.stdout, "four"), /^ran: --resume runs it again/);
    const nothing = await flux(dir, ["wf", "run", "five", "--resume"]);
    assertEquals(nothing.code, 2);
    assertMatch(nothing.stderr, /^flux: Nothing to resume: the last run of "five" \(.*\) passed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--resume is refused in one line when the workflow's definition changed", async () => {
  const dir = await makeProject({ ".flux/workflows.yaml": FIVE });
  try {
    assertEquals((await flux(dir, ["wf", "run", "five"])).code, 1);
    await Deno.writeTextFile(`${dir}/.flux/workflows.yaml`, FIVE.replace("echo two", "echo 2"));
    const refused = await flux(dir, ["wf", "run", "five", "--resume"]);
    assertEquals(refused.code, 2);
    assertEquals(refused.stdout, "");
    assertMatch(
      refused.stderr,
      /^flux: Cannot resume "five": its definition changed since the run at \d\d:\d\d; run it without --resume\n$/,
    );
    assertEquals(await Deno.readTextFile(`${dir}/ran.log`), "two\nthree\nfour\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--resume of a failed parallel step reruns only its failed branches", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": `par:
  steps:
    - name: both
      step_type: parallel
      parallel_steps:
        - name: good
          step_type: command
          command: sh -c 'echo good >> ran.log'
        - name: bad
          step_type: command
          command: sh -c 'echo bad >> ran.log; test -f fixed'
    - name: after
      step_type: command
      command: sh -c 'echo after >> ran.log'
`,
  });
  try {
    assertEquals((await flux(dir, ["wf", "run", "par"])).code, 1);
    await Deno.writeTextFile(`${dir}/fixed`, "");
    await Deno.writeTextFile(`${dir}/ran.log`, "");
    const resumed = await flux(dir, ["wf", "run", "par", "--resume"]);
    assertEquals(resumed.code, 0, resumed.stdout + resumed.stderr);
    assertEquals(await Deno.readTextFile(`${dir}/ran.log`), "bad\nafter\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--explain and flux wf why say the condition and its value, if: with status functions and the failed dependency", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": `why:
  steps:
    - name: lint
      step_type: command
      command: sh -c 'exit 3'
      continue_on_error: true
    - name: test
      step_type: command
      command: sh -c 'exit 1'
    - name: deploy
      step_type: command
      command: sh -c 'echo deploy'
    - name: report
      step_type: command
      command: sh -c 'echo report'
      if: failure()
    - name: gated
      step_type: command
      command: sh -c 'echo gated'
      if: always()
      condition: step_test_result
`,
  });
  try {
    const run = await flux(dir, ["wf", "run", "why", "--explain"]);
    assertEquals(run.code, 1);
    assertEquals(why(run.stdout, "lint"), "ran: it has no sources:, so it runs every time");
    assertEquals(why(run.stdout, "deploy"), 'skipped: step "test" failed before it');
    assertEquals(why(run.stdout, "report"), 'ran: if "failure()" is true (step "test" failed)');
    assertEquals(
      why(run.stdout, "gated"),
      'skipped: if "always()" is true (step "test" failed); condition "step_test_result" is false (test: failed)',
    );
    const last = await flux(dir, ["wf", "why", "why"]);
    assertEquals(last.code, 0, last.stderr);
    assertEquals(why(last.stdout, "deploy"), 'skipped: step "test" failed before it');
    const none = await flux(dir, ["wf", "why", "never"]);
    assertEquals([none.code, none.stderr], [
      2,
      'flux: No recorded run of "never": run "flux wf run never" first\n',
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a step with sources: reruns when a context variable it uses has another value", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": `feed:
  steps:
    - name: stamp
      step_type: command
      command: cat version.txt
    - name: use
      step_type: command
      command: echo "{steps.stamp.output}" > used.txt
      sources: [input.txt]
`,
    "version.txt": "1.0\n",
    "input.txt": "x\n",
  });
  try {
    assertEquals((await flux(dir, ["wf", "run", "feed"])).code, 0);
    const same = await flux(dir, ["wf", "run", "feed", "--explain"]);
    assertMatch(why(same.stdout, "use"), /^skipped: up to date/);
    await Deno.writeTextFile(`${dir}/version.txt`, "2.0\n");
    const changed = await flux(dir, ["wf", "run", "feed", "--explain"]);
    assertMatch(why(changed.stdout, "use"), /^ran: the value of \{steps\.stamp\.output\} changed/);
    assertEquals(await Deno.readTextFile(`${dir}/used.txt`), "2.0\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad sources:, generates: and fingerprint_env: are one line each with file:line:col and exit 2", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": `bad:
  steps:
    - name: a
      step_type: command
      command: "true"
      sources: /etc/passwd
    - name: b
      step_type: command
      command: "true"
      generates: [out]
    - name: c
      step_type: parallel
      sources: [x]
      parallel_steps:
        - name: d
          step_type: command
          command: "true"
          fingerprint_env: [1BAD]
`,
  });
  try {
    const run = await flux(dir, ["wf", "validate"]);
    assertEquals(run.code, 2);
    assertEquals(run.stderr.trim().split("\n"), [
      '.flux/workflows.yaml:6:16 "/etc/passwd" in "sources" of step "a" leaves the project: write a glob relative to the project',
      '.flux/workflows.yaml:10:18 "generates" of step "b" needs "sources": list the files it is made from',
      '.flux/workflows.yaml:13:16 "sources" does not apply to parallel step "c": put it on the steps inside',
      '.flux/workflows.yaml:18:28 "1BAD" in "fingerprint_env" of step "d" is not a variable name',
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
