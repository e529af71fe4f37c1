/**
 * Flux as an MCP server (`flux mcp`): tools and resources over what the session store holds for one project.
 * It reads the store that a running `flux watch` or TUI writes and starts no monitors of its own; it follows
 * the store by polling one indexed query (see {@linkcode StoreWatch}) and tells subscribed agents when
 * `flux://tests/last` or `flux://session/current` changed.
 */
import { requiredText } from "../api/required.ts";
import {
  McpServer,
  type McpServer as McpServerType,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "../deps/mcp.ts";
import type { TokenCounter } from "../ai/token_counter.ts";
import { projectTokenCounter } from "../ai/project_token_counter.ts";
import { SessionManager } from "../session/session_manager.ts";
import { VERSION } from "../version.ts";
import { registerReadTools } from "./read_tools.ts";
import { registerAgentTools } from "./agent_tools.ts";
import { registerRunWorkflowTool } from "./run_workflow_tool.ts";
import { type StoreChange, StoreWatch } from "./store_watch.ts";
import { type TrustCheck, workspaceTrust } from "./workspace_trust.ts";
import { textResult, type ToolContext } from "./_tool_context.ts";
import { sessionView, testStatusView } from "./session_views.ts";

/** Options for {@linkcode FluxMcpServer}. */
export interface FluxMcpServerOptions {
  /** Whether the project is trusted to let agents run workflows (default: {@linkcode workspaceTrust}). */
  trust?: TrustCheck;
  /** Milliseconds between two looks at the store (default 500). */
  pollMs?: number;
  /** The token counter of `flux_context` (default: the configured model's, see `loadTokenCounter`). */
  tokenizer?: () => Promise<TokenCounter>;
  /** Where one-line warnings go (default: stderr; stdout carries the protocol). */
  onWarning?: (line: string) => void;
}

/** The URIs agents can read and subscribe to. */
export const RESOURCES = {
  session: "flux://session/current",
  tests: "flux://tests/last",
} as const;

/** A subscribe or unsubscribe request (the SDK has validated it). */
interface UriRequest {
  params: { uri: string };
}

const INSTRUCTIONS =
  "Flux remembers this project's session: the developer's current task, which tests fail and why, recent errors, what changed, and its workflows. Call flux_context first; flux_test_status before claiming tests pass; record your task with flux_set_task.";

/** One MCP server over one project's store. */
export class FluxMcpServer {
  readonly server: McpServerType;
  readonly projectDir: string;
  #sessions: SessionManager;
  #watch: StoreWatch;
  #subscribed = new Set<string>();
  #shutdown = new AbortController();
  #closed = false;

  constructor(projectDir: string, options: FluxMcpServerOptions = {}) {
    requiredText(projectDir, "FluxMcpServer's projectDir", 'new FluxMcpServer("/project")');
    this.projectDir = projectDir;
    const warn = options.onWarning ?? ((line: string) => console.error(line));
    // Retention is the recording processes' business: an agent's server never deletes history.
    this.#sessions = new SessionManager(projectDir, { retentionDays: 0, onWarning: warn });
    this.#watch = new StoreWatch(this.#sessions, {
      ...(options.pollMs !== undefined ? { intervalMs: options.pollMs } : {}),
      onChange: (change) => this.#notify(change),
      onError: (line) => warn(`flux mcp: cannot read the session store: ${line}`),
    });
    this.server = new McpServer(
      { name: "flux", version: VERSION },
      {
        capabilities: { resources: { subscribe: true, listChanged: false } },
        instructions: INSTRUCTIONS,
      },
    );
    const ctx: ToolContext = {
      projectDir,
      sessions: this.#sessions,
      watch: this.#watch,
      tokenizer: options.tokenizer ?? memo(() => projectTokenCounter(projectDir)),
      trust: options.trust ?? workspaceTrust,
      agent: () => this.server.server.getClientVersion()?.name ?? "agent",
      shutdown: this.#shutdown.signal,
    };
    registerReadTools(this.server, ctx);
    registerRunWorkflowTool(this.server, ctx);
    registerAgentTools(this.server, ctx);
    this.#registerResources();
    // Loading the tokenizer's ranks takes a moment: start now so the first flux_context does not wait.
    void ctx.tokenizer().catch(() => {});
  }

  /** Starts following the store and serves `transport` until it closes. */
  async connect(transport: Parameters<McpServerType["connect"]>[0]): Promise<void> {
    this.#watch.start();
    await this.server.connect(transport);
  }

  /** Stops running workflows, the watch and the store; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#shutdown.abort();
    this.#watch.stop();
    await this.server.close().catch(() => {});
    this.#sessions.close();
  }

  #registerResources(): void {
    const json = (uri: URL, value: unknown) => {
      const text = textResult(this.projectDir, JSON.stringify(value, null, 2)).content[0];
      return {
        contents: [{
          uri: uri.href,
          mimeType: "application/json",
          text: text?.type === "text" ? text.text : "",
        }],
      };
    };
    this.server.registerResource("session", RESOURCES.session, {
      title: "Current Flux session",
      description:
        "The developer's current task, active files, test status, recent errors and each monitor's state",
      mimeType: "application/json",
    }, (uri: URL) => json(uri, sessionView(this.#sessions, this.#watch)));
    this.server.registerResource("tests", RESOURCES.tests, {
      title: "Last test verdict",
      description:
        "The tests monitor's last verdict with failing tests, file:line and messages; updated when it changes",
      mimeType: "application/json",
    }, (uri: URL) => json(uri, testStatusView(this.#sessions, this.#watch)));
    this.server.server.setRequestHandler(SubscribeRequestSchema, (request: UriRequest) => {
      this.#subscribed.add(request.params.uri);
      return {};
    });
    this.server.server.setRequestHandler(UnsubscribeRequestSchema, (request: UriRequest) => {
      this.#subscribed.delete(request.params.uri);
      return {};
    });
  }

  #notify(change: StoreChange): void {
    const send = (uri: string) => {
      if (!this.#subscribed.has(uri)) return;
      void this.server.server.sendResourceUpdated({ uri }).catch(() => {});
    };
    if (change.tests) send(RESOURCES.tests);
    if (change.session) send(RESOURCES.session);
  }
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => value ??= fn();
}
