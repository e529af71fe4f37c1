/**
 * The malformed-workflow corpus (tests/fixtures/workflows_bad/): every file gives exactly these one-line
 * errors, `file:line:col message`, all of them, before anything runs.
 */
import { assert, assertEquals } from "./_assert.ts";
import { parseWorkflowsText } from "../../core/workflow/parse_workflows_text.ts";
import { buildWorkflowPlans } from "../../core/workflow/build_workflow_plans.ts";
import { formatDiagnostic } from "../../core/workflow/workflow_diagnostic.ts";
import { SEED_WORKFLOWS_YAML } from "./_seed_examples.ts";

const CORPUS = new URL("../fixtures/workflows_bad/", import.meta.url).pathname;

/** Errors of `text`, as `flux wf validate` prints them. */
function validate(text: string, file: string): string[] {
  const parsed = parseWorkflowsText(text, file);
  const built = parsed.diagnostics.length > 0
    ? { diagnostics: [] }
    : buildWorkflowPlans(parsed.value, { file, locate: parsed.locate });
  return [...parsed.diagnostics, ...built.diagnostics].map(formatDiagnostic);
}

const EXPECTED: Record<string, string[]> = {
  "alias_bomb.yaml": [
    "2:8 Too many alias expansions (more than 200): remove the nested aliases",
  ],
  "bad_step_name.yaml": [
    '3:13 Step name "compile all" may only use letters, digits, "_" and "-"',
  ],
  "bad_workflow_name.yaml": [
    '1:1 Workflow name "deploy staging!" may only use letters, digits, ".", "_" and "-"',
  ],
  "command_not_text.yaml": [
    '5:16 Field of step "compile": "command" must be text, not a list',
  ],
  "condition_bad_expression.yaml": [
    '9:18 "condition" of step "go" is not a valid condition: unexpected end; use step_<name>_result, steps.<name>.success, success(), failure() or always()',
  ],
  "condition_cycle_parent.yaml": [
    '6:20 "params.condition" of step "gate" names step "gate", which contains or is this step (a cycle): name an earlier step',
  ],
  "condition_cycle_self.yaml": [
    '6:18 "condition" of step "build" names step "build", which contains or is this step (a cycle): name an earlier step',
  ],
  "condition_parallel_sibling.yaml": [
    '12:22 "condition" of step "fix" names step "lint", which runs at the same time (parallel): name an earlier step',
  ],
  "condition_refers_later.yaml": [
    '6:18 "condition" of step "build" names step "tests", which runs later: move "tests" before "build"',
  ],
  "condition_unknown_name.yaml": [
    '6:11 "if" of step "go" is not a valid condition: unknown name "tests_passed"; use step_<name>_result, steps.<name>.success, success(), failure() or always()',
  ],
  "condition_without_condition.yaml": [
    '3:7 Condition step "gate" has no "params.condition": add condition: step_<name>_result',
  ],
  "continue_on_error_text.yaml": [
    '6:26 "continue_on_error" of step "compile" must be true or false, not "yes please"',
  ],
  "duplicate_nested_name.yaml": [
    '9:17 Duplicate step name "lint" in workflow "checks" (first used on line 3): rename one',
  ],
  "duplicate_step_names.yaml": [
    '6:13 Duplicate step name "compile" in workflow "build" (first used on line 3): rename one',
  ],
  "empty_steps.yaml": [
    '2:10 "steps" of workflow "build" is empty: add at least one step',
  ],
  "env_bad_name.yaml": [
    '7:9 Environment variable name "MY-VAR" is not valid',
  ],
  "env_not_mapping.yaml": [
    '2:8 Field of workflow "build": "env" must be a mapping of NAME: value',
  ],
  "field_for_other_type.yaml": [
    '6:7 Field "tool_name" is for tool steps, not command step "compile": remove it',
  ],
  "missing_command.yaml": [
    '3:7 Command step "compile" has no "command": add command: <shell command>',
  ],
  "missing_name.yaml": [
    '3:7 Step has no "name": add name: <step name>',
  ],
  "missing_step_type.yaml": [
    '3:7 Step "compile" has no "step_type": add step_type: command (or tool, ...)',
  ],
  "missing_steps.yaml": [
    '1:1 Workflow "build" has no "steps": add a list of steps',
  ],
  "missing_tool_name.yaml": [
    '3:7 Tool step "tests" has no "tool_name": add tool_name: run_tests | lint | format | auto_fix | typecheck | build',
  ],
  "notify_without_message.yaml": [
    '3:7 Notify step "tell" has no "params.message": add params: { message: "..." }',
  ],
  "parallel_empty.yaml": [
    '5:23 "parallel_steps" of step "both" is empty',
  ],
  "parallel_without_steps.yaml": [
    '3:7 Parallel step "both" has no "parallel_steps": list the steps to run at once',
  ],
  "retry_on_parallel.yaml": [
    '5:14 "retry" does not apply to parallel step "both": put it on the steps inside',
  ],
  "retry_zero.yaml": [
    '7:19 "retry.attempts" of step "compile" must be a whole number from 1 to 100, not the number 0',
  ],
  "several_errors.yaml": [
    '2:12 Field of workflow "build": "timeout" must be a number of seconds between 0 and 604800, not "soon"',
    '5:18 Unknown step type "shell" in step "compile": use one of condition, parallel, workflow, command, tool, notify',
    '7:7 Command step "compile" has no "command": add command: <shell command>',
    '7:13 Duplicate step name "compile" in workflow "build" (first used on line 4): rename one',
    '9:7 Notify step "notify" has no "params.message": add params: { message: "..." }',
  ],
  "step_not_a_mapping.yaml": [
    '3:7 A step must be a mapping with "name" and "step_type", not "make all"',
  ],
  "step_timeout_negative.yaml": [
    '6:16 Field of step "compile": "timeout" must be a number of seconds between 0 and 604800, not the number -1',
  ],
  "steps_not_a_list.yaml": [
    '3:5 "steps" of workflow "build" must be a list of steps, not a mapping',
  ],
  "timeout_text.yaml": [
    '2:12 Field of workflow "build": "timeout" must be a number of seconds between 0 and 604800, not "five minutes"',
  ],
  "top_level_list.yaml": [
    "1:1 The file must map workflow names to workflows, not a list",
  ],
  "unknown_step_field.yaml": [
    '3:7 Command step "compile" has no "command": add command: <shell command>',
    '5:7 Unknown field "comand" in step "compile" (did you mean "command"?)',
  ],
  "unknown_step_type.yaml": [
    '4:18 Unknown step type "comand" in step "compile": use one of condition, parallel, workflow, command, tool, notify',
  ],
  "unknown_tool.yaml": [
    '5:18 Unknown tool "run_test" in step "tests": use one of run_tests, lint, format, auto_fix, typecheck, build',
  ],
  "unknown_workflow_field.yaml": [
    '1:1 Workflow "build" has no "steps": add a list of steps',
    '2:3 Unknown field "step" in workflow "build" (did you mean "steps"?)',
  ],
  "workflow_cycle.yaml": [
    '6:19 Workflow "a" calls itself: a -> b -> a',
    '12:19 Workflow "b" calls itself: b -> a -> b',
  ],
  "workflow_missing_target.yaml": [
    '6:19 Step "call" runs workflow "nowhere", which does not exist',
  ],
  "workflow_not_a_mapping.yaml": [
    '1:8 Workflow "build" must be a mapping with "steps", not "make all"',
  ],
  "yaml_bad_indent.yaml": [
    "4:1 Invalid YAML: sequence item without - indicator",
  ],
  "yaml_duplicate_key.yaml": [
    "6:1 Invalid YAML: map keys must be unique",
  ],
  "yaml_syntax_error.yaml": [
    '6:1 Invalid YAML: missing closing "quote',
  ],
};

Deno.test("validation gives each malformed file of the corpus its exact one-line errors", async () => {
  const files = (await Array.fromAsync(Deno.readDir(CORPUS))).map((e) => e.name).sort();
  assert(files.length >= 30, `the corpus has ${files.length} files`);
  assertEquals(files, Object.keys(EXPECTED).sort());
  for (const file of files) {
    const got = validate(await Deno.readTextFile(`${CORPUS}${file}`), file);
    assertEquals(got, EXPECTED[file]!.map((line) => `${file}:${line}`), file);
    for (const line of got) assert(/^[^\n:]+:\d+:\d+ \S/.test(line) && !line.includes("\n"), line);
  }
});

Deno.test("validation refuses a huge file at once, without parsing it", () => {
  const text = "a:\n  steps:\n" +
    "    - { name: s, step_type: command, command: 'true' }\n".repeat(30_000);
  const started = performance.now();
  const got = validate(text, "huge.yaml");
  assertEquals(got, [
    "huge.yaml:1:1 File is 1.6 MB; a workflows file may be at most 1 MB: split it",
  ]);
  assert(performance.now() - started < 1000);
});

Deno.test("validation refuses an alias bomb quickly", async () => {
  const started = performance.now();
  const got = validate(await Deno.readTextFile(`${CORPUS}alias_bomb.yaml`), "alias_bomb.yaml");
  assertEquals(got.length, 1);
  assert(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
});

Deno.test("validation warns about a condition naming a step that is not in the workflow", () => {
  const got = validate(SEED_WORKFLOWS_YAML, "workflows.yaml");
  assertEquals(got, [
    'workflows.yaml:47:20 warning: "params.condition" of step "deploy_if_tests_pass" names step "run_tests", which is not in workflow "full-validation": it counts as false, so the else branch runs',
  ]);
});
