/**
 * The modules {@linkcode FluxBackend} needs beyond the session store: monitoring, workflows, the plugin host
 * and the AI. Loaded on first use (`await import`), so the first frame does not wait for them, and in the
 * TUI they load in the backend worker, never on the thread that draws the screen.
 * @module
 */
export { configSection, loadConfig } from "../config/load_config.ts";
export { createFailureAnalyzer } from "../ai/create_failure_analyzer.ts";
export { BuiltinAnalyzer } from "../monitor/builtin_analyzer.ts";
export { monitorSettings } from "../monitor/monitor_settings.ts";
export { TuiMonitors } from "./tui_monitors.ts";
export { askQuestion } from "../ai/ask_question.ts";
export { NoModelError } from "../ai/no_model_error.ts";
export { answerWithoutModel } from "../ai/answer_without_model.ts";
export { WorkflowManager } from "../workflow/workflow_manager.ts";
export { WorkflowExecutor } from "../workflow/workflow_executor.ts";
export { workflowEventData } from "../workflow/record_workflow_run.ts";
export { PluginHost } from "../plugin_host/plugin_host.ts";
export { describePermissions } from "../plugin_host/describe_permissions.ts";
export { PluginDenials } from "./plugin_denials.ts";
export { runAutofix } from "../autofix/run_autofix.ts";
export { autofixTools } from "../autofix/autofix_tools.ts";
