/**
 * Flux as a library. `main.ts` is the command line; this module is the API the seed document describes,
 * in TypeScript naming.
 *
 * @module
 */
export { EventType } from "./core/session/event_type.ts";
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
