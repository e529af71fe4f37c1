/**
 * Built-in workflows `quick-check`, `pr-ready`, `fix` and `deploy-staging`, adapted to the detected
 * project: tool steps use the project's own formatter, linter, type checker and test runner (a Deno project
 * formats with `deno fmt`, a Python one with ruff or black), and a kind of tool the project does not have
 * is left out. Templates check and never write: the formatter runs in check mode, scoped as the project
 * scopes it. Only `fix`, named for it, writes, and it lists every file it changed. No template commits,
 * pushes or changes git state.
 */
import { requiredText } from "../api/required.ts";
import type { Toolchain, ToolKind } from "../toolchain/types.ts";
import type { WorkflowDefinition, WorkflowStep } from "./workflow_definition.ts";

/** Names of the built-in templates. */
export const TEMPLATE_NAMES = ["deploy-staging", "fix", "pr-ready", "quick-check"] as const;

const TOOL_STEP: Record<ToolKind, { name: string; tool: string; label: string }> = {
  format: { name: "format", tool: "format", label: "Format check" },
  lint: { name: "lint", tool: "lint", label: "Lint" },
  typecheck: { name: "typecheck", tool: "typecheck", label: "Typecheck" },
  test: { name: "tests", tool: "run_tests", label: "Tests" },
  build: { name: "build", tool: "build", label: "Build" },
};

/** The templates for `projectDir` (detection runs once; pass `toolchains` to skip it). */
export async function workflowTemplates(
  projectDir: string,
  toolchains?: Toolchain[],
): Promise<Map<string, WorkflowDefinition>> {
  requiredText(projectDir, "workflowTemplates's projectDir", 'workflowTemplates("/project")');
  // Loaded on first use: running a workflow of the file needs neither the detectors nor the templates.
  const chains = toolchains ??
    await (await import("../toolchain/run_tool.ts")).detectToolchains(projectDir);
  const tools = (kind: ToolKind) => [...new Set(chains.flatMap((c) => c.tools[kind] ?? []))];
  const toolStep = (kind: ToolKind): WorkflowStep[] => {
    const found = tools(kind);
    if (chains.length > 0 && found.length === 0) return [];
    const { name, tool } = TOOL_STEP[kind];
    return [{ name, step_type: "tool", tool_name: tool }];
  };
  const label = (kind: ToolKind) => {
    const found = tools(kind).map((t) => t.replace(/_/g, " "));
    return `${TOOL_STEP[kind].label}${found.length > 0 ? ` (${found.join(" or ")})` : ""}`;
  };
  const describe = (kinds: ToolKind[], tail: string[] = []) =>
    [...kinds.filter((k) => toolStep(k).length > 0).map(label), ...tail].join(" → ");

  const templates = new Map<string, WorkflowDefinition>();
  templates.set("deploy-staging", {
    name: "deploy-staging",
    description: `Deploy to staging: ${
      describe(["test", "build"], ["Deploy", "Verify", "Notify"])
    }`,
    env: { STAGING_URL: "https://staging.example.com" },
    steps: [
      ...toolStep("test").map((s) => ({ ...s, name: "run_tests" })),
      ...toolStep("build").map((s) => ({
        ...s,
        ...(toolStep("test").length > 0 ? { condition: "step_run_tests_result" } : {}),
      })),
      { name: "deploy", step_type: "command", command: "./deploy.sh staging" },
      {
        name: "verify",
        step_type: "command",
        command: 'curl -fsS "$STAGING_URL/health"',
        retry: { attempts: 3, backoff: 2 },
      },
      {
        name: "notify",
        step_type: "notify",
        params: { message: "✅ Deployed to staging successfully!", level: "success" },
      },
    ],
    on_failure: [{
      name: "notify_failure",
      step_type: "notify",
      params: { message: "❌ Staging deploy failed", level: "error" },
    }],
  });
  const formatters = tools("format");
  if (chains.length === 0 || formatters.length > 0) {
    templates.set("fix", {
      name: "fix",
      description: `Rewrite files with the formatter${
        formatters.length > 0
          ? ` (${formatters.map((t) => t.replace(/_/g, " ")).join(" or ")})`
          : ""
      } and list every file it changed`,
      steps: [{ name: "format", step_type: "tool", tool_name: "auto_fix" }],
    });
  }
  // Checks only: what to commit, and when, stays the person's call.
  templates.set("pr-ready", {
    name: "pr-ready",
    description: `Check a branch is ready for review: ${
      describe(["format", "lint", "typecheck", "test"])
    }`,
    steps: [
      ...toolStep("format"),
      ...toolStep("lint"),
      ...toolStep("typecheck"),
      ...toolStep("test"),
    ],
  });
  templates.set("quick-check", {
    name: "quick-check",
    description: `Quick check: ${describe(["format", "test"])}`,
    // A quick check is about the tests: a formatter that fails or is not installed shows as failed, and
    // the tests still run and decide the outcome. pr-ready stays strict.
    steps: [
      ...toolStep("format").map((s) => ({ ...s, continue_on_error: true })),
      ...toolStep("test"),
    ],
  });
  return templates;
}
