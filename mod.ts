/**
 * Flux as a library. `main.ts` is the command line; this module is the API the seed document describes,
 * in TypeScript naming.
 *
 * @module
 */
// Sessions (seed section 1)
export { EventType, isEventType } from "./core/session/event_type.ts";
export {
  type EventInput,
  type PruneResult,
  type RecentEventsOptions,
  SessionManager,
  type SessionManagerOptions,
} from "./core/session/session_manager.ts";
export type {
  AiActivity,
  AiContext,
  BudgetedAiContext,
  ContextChoice,
  ErrorRecord,
  Session,
  SessionEvent,
  SessionListing,
  SessionState,
  TestFailure,
  TestStatus,
} from "./core/session/session_types.ts";
export type { AiContextOptions } from "./core/session/build_ai_context.ts";
export { MIN_CONTEXT_TOKENS } from "./core/session/fit_ai_context.ts";
export {
  encodingFor,
  estimatedTokenCounter,
  loadTokenCounter,
  type ModelFamily,
  type TokenCounter,
} from "./core/ai/token_counter.ts";
// Coding agents: the MCP server
export {
  FluxMcpServer,
  type FluxMcpServerOptions,
  RESOURCES as MCP_RESOURCES,
} from "./core/mcp/flux_mcp_server.ts";
export { timeAgo } from "./core/session/time_ago.ts";
export { describeEvent } from "./core/session/describe_event.ts";
export {
  findProjectRoot,
  type ProjectRoot,
  type ProjectRootKind,
  projectRootOf,
} from "./core/fs/find_project_root.ts";
// Plugins: the isolated host, both tiers
export {
  type DiscoveredPlugin,
  type PluginCallOptions,
  PluginHost,
  type PluginHostOptions,
} from "./core/plugin_host/plugin_host.ts";
export { describePermissions } from "./core/plugin_host/describe_permissions.ts";
export {
  type HostMessage,
  type PluginMessage,
  PROTOCOL_VERSION,
} from "./core/plugin_host/protocol.ts";
// Monitoring (seed section 2)
export {
  type EnableMonitorOptions,
  type MonitorSessionStore,
  type NotificationCallback,
  ProactiveMonitor,
  type ProactiveMonitorOptions,
} from "./core/monitor/proactive_monitor.ts";
export { isMonitorType, MonitorType } from "./core/monitor/monitor_type.ts";
export type {
  MonitorEvent,
  MonitorEventKind,
  MonitorStatus,
} from "./core/monitor/monitor_event.ts";
export type { MonitorRunner } from "./core/monitor/monitor_runner.ts";
export { BuiltinAnalyzer } from "./core/monitor/builtin_analyzer.ts";
export { analyzeFailure } from "./core/monitor/analyze_failure.ts";
export { monitorSettings } from "./core/monitor/monitor_settings.ts";
export type {
  Notification,
  NotificationLevel,
  NotificationSink,
} from "./core/notify/notification.ts";
export { formatNotification } from "./core/notify/format_notification.ts";
export { TerminalSink } from "./core/notify/terminal_sink.ts";
export { DesktopSink } from "./core/notify/desktop_sink.ts";
export { WebhookSink } from "./core/notify/webhook_sink.ts";
export { WebhookOutbox } from "./core/notify/webhook_outbox.ts";
export { notifyConfig } from "./core/notify/notify_config.ts";
export { buildSinks } from "./core/notify/build_sinks.ts";
export type { FailureAnalyzer, FailureReport } from "./core/monitor/failure_analyzer.ts";
export type {
  MonitorItem,
  MonitorPlugin,
  MonitorResult,
  PluginContext,
  PluginManifest,
  PluginPermissions,
  StepPlugin,
  StepResult,
} from "./core/plugin_host/types.ts";
export {
  type ProcessResult,
  runProcess,
  type RunProcessOptions,
} from "./core/process/run_process.ts";
export { redact, REDACTED, redactValue } from "./core/secrets/redact.ts";
export { VERSION } from "./core/version.ts";

// Workflows (seed section 3)
export {
  type ExecuteOptions,
  WorkflowExecutor,
  type WorkflowExecutorOptions,
} from "./core/workflow/workflow_executor.ts";
export {
  type FingerprintToSave,
  saveWorkflowRun,
  type StoredFingerprint,
  type StoredRun,
  type StoredStep,
  WorkflowHistory,
} from "./core/workflow/workflow_history.ts";
export type { FailureDetails } from "./core/workflow/failure_details.ts";
export {
  type LoadedWorkflows,
  WorkflowManager,
  type WorkflowManagerOptions,
} from "./core/workflow/workflow_manager.ts";
export {
  type RetryDefinition,
  StepType,
  type WorkflowDefinition,
  type WorkflowStep,
} from "./core/workflow/workflow_definition.ts";
export type { PlannedStep, WorkflowPlan } from "./core/workflow/workflow_plan.ts";
export type {
  StepPhase,
  StepRunRecord,
  StepStatus,
  WorkflowProgress,
  WorkflowResult,
} from "./core/workflow/workflow_result.ts";
export {
  formatDiagnostic,
  type WorkflowDiagnostic,
  WorkflowSyntaxError,
} from "./core/workflow/workflow_diagnostic.ts";
export { buildWorkflowPlan, buildWorkflowPlans } from "./core/workflow/build_workflow_plans.ts";
export { exportGithubWorkflow } from "./core/workflow/export_github_workflow.ts";
export { TEMPLATE_NAMES, workflowTemplates } from "./core/workflow/workflow_templates.ts";
export type { RunStepOptions, StepRunner } from "./core/workflow/step_runner.ts";

// Toolchains: one detection, one analyzer per tool
export { detectToolchains, runTool, type RunToolOptions } from "./core/toolchain/run_tool.ts";
export type {
  Finding,
  Toolchain,
  ToolchainName,
  ToolCounts,
  ToolKind,
  ToolRun,
} from "./core/toolchain/types.ts";
export {
  type FileChangeBatch,
  type FileChangeKind,
  watchFiles,
  type WatchFilesOptions,
} from "./core/toolchain/watch_files.ts";
export { FileFilter, type FileFilterOptions } from "./core/toolchain/file_filter.ts";
export { type GitStatus, gitStatus, gitSummary } from "./core/toolchain/git_status.ts";
export { diffFindings, type FindingsDiff } from "./core/toolchain/diff_findings.ts";

// AI: providers, questions, failure analysis
export { type AskOptions, askQuestion, type AskResult } from "./core/ai/ask_question.ts";
export { NO_MODEL_HELP, NoModelError } from "./core/ai/no_model_error.ts";
export { ModelError, type ModelErrorKind } from "./core/ai/model_error.ts";
export { type AiConfig, loadAiConfig, resolveAiConfig } from "./core/ai/ai_config.ts";
export { createProvider } from "./core/ai/create_provider.ts";
export type {
  ChatMessage,
  ModelCallOptions,
  ModelProtocol,
  ModelProvider,
  ModelRequest,
} from "./core/ai/model_provider.ts";
export type { ProviderOptions } from "./core/ai/provider_options.ts";
export { OpenAiProvider } from "./core/ai/openai_provider.ts";
export { AnthropicProvider } from "./core/ai/anthropic_provider.ts";
export {
  type ModelAnalysis,
  ModelAnalyzer,
  type ModelAnalyzerOptions,
} from "./core/ai/model_analyzer.ts";
export {
  createFailureAnalyzer,
  type CreateFailureAnalyzerOptions,
} from "./core/ai/create_failure_analyzer.ts";
export { buildPrompt, type PromptOptions } from "./core/ai/build_prompt.ts";

// TUI: the Action union and the state reducer (the Ink app itself loads only when `flux` runs it)
export {
  type Action,
  COMMANDS,
  formatAction,
  parseAction,
  type ScrollDirection,
} from "./core/tui/action.ts";
export { initialTuiState, reduceTui, type TuiEvent, type TuiState } from "./core/tui/tui_state.ts";
export type {
  OpenedSession,
  PluginInfo,
  StepProgress,
  TuiBackend,
  WorkflowOutcome,
} from "./core/tui/tui_backend.ts";
