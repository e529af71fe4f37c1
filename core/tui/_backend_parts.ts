/**
 * The modules {@linkcode FluxBackend} needs beyond the session store to watch a project: configuration,
 * monitoring, the plugin host and the list of workflows. Loaded on first use (`await import`), so the first
 * frame does not wait for them, and in the TUI they load in the backend worker, never on the thread that
 * draws the screen. What only some commands use (running a workflow, `/ask`, `/autofix`) is in
 * `_run_parts.ts`, loaded the first time one of them runs: a TUI that only watches never holds that code.
 * @module
 */
export { configSection, loadConfig } from "../config/load_config.ts";
export { createFailureAnalyzer } from "../ai/create_failure_analyzer.ts";
export { BuiltinAnalyzer } from "../monitor/builtin_analyzer.ts";
export { monitorSettings } from "../monitor/monitor_settings.ts";
export { TuiMonitors } from "./tui_monitors.ts";
export { WorkflowManager } from "../workflow/workflow_manager.ts";
export { PluginHost } from "../plugin_host/plugin_host.ts";
export { describePermissions } from "../plugin_host/describe_permissions.ts";
export { PluginDenials } from "./plugin_denials.ts";
