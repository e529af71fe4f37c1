/**
 * Failure analysis with a model over a real HTTP server: the request carries the failing output, the session
 * context and the model; every error reply (both protocols) ends in one line and the built-in analysis,
 * within the analysis timeout.
 */
import assert from "node:assert/strict";
import { ModelAnalyzer } from "../../core/ai/model_analyzer.ts";
import { createFailureAnalyzer } from "../../core/ai/create_failure_analyzer.ts";
import { OpenAiProvider } from "../../core/ai/openai_provider.ts";
import { AnthropicProvider } from "../../core/ai/anthropic_provider.ts";
import type { ModelProvider } from "../../core/ai/model_provider.ts";
import type { ProviderOptions } from "../../core/ai/provider_options.ts";
import { BuiltinAnalyzer } from "../../core/monitor/builtin_analyzer.ts";
import { analyzeFailure } from "../../core/monitor/analyze_failure.ts";
import type { FailureReport } from "../../core/monitor/failure_analyzer.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import {
  anthropicJson,
  errorReply,
  hang,
  openAiJson,
  type Reply,
  startModelServer,
} from "./_model_server.ts";
import { projectWithSession } from "./_project.ts";

const KEY = "sk-test-ANALYSISKEY0123456789abcdef";
const REPORT: FailureReport = {
  monitor: "tests",
  summary: "1 of 15 tests failed",
  items: [{
    name: "test_login",
    message: "ImportError: cannot import name 'validate_token' from 'auth'",
    file: "tests/test_login.py",
    line: 3,
  }],
  output:
    "tests/test_login.py:3: in <module>\nImportError: cannot import name 'validate_token' from 'auth'",
};

const PROTOCOLS = [
  {
    name: "openai",
    make: (o: ProviderOptions): ModelProvider => new OpenAiProvider(o),
    ok: openAiJson,
  },
  {
    name: "anthropic",
    make: (o: ProviderOptions): ModelProvider => new AnthropicProvider(o),
    ok: anthropicJson,
  },
];

async function withProject(fn: (dir: string, sessions: SessionManager) => Promise<void>) {
  const dir = await projectWithSession();
  await Deno.writeTextFile(`${dir}/auth.py`, "def check_token(t):\n    return True\n");
  const sessions = new SessionManager(dir);
  try {
    sessions.currentSession();
    await fn(dir, sessions);
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
}

for (const p of PROTOCOLS) {
  Deno.test(`ModelAnalyzer over ${p.name} sends the failure, session context and model`, async () => {
    await withProject(async (dir, sessions) => {
      const server = startModelServer(() => p.ok("auth.py no longer defines validate_token."));
      try {
        const analyzer = new ModelAnalyzer(
          p.make({ model: "analysis-model", baseUrl: server.url, apiKey: KEY }),
          { session: sessions, fallback: new BuiltinAnalyzer(dir) },
        );
        const result = await analyzer.analyzeDetailed(REPORT);
        assert.deepEqual(result, {
          text: "auth.py no longer defines validate_token.",
          source: "model",
        });
        const body = server.requests[0]!.body as {
          model: string;
          stream: boolean;
          system?: string;
          messages: { role: string; content: string }[];
        };
        assert.equal(body.model, "analysis-model");
        assert.equal(body.stream, false);
        const all = JSON.stringify(body);
        for (
          const part of [
            "Debugging login authentication",
            "test_login",
            "tests/test_login.py:3: in <module>",
          ]
        ) {
          assert.ok(all.includes(part), `request has ${part}`);
        }
      } finally {
        await server.close();
      }
    });
  });

  const failures: Array<[string, Reply]> = [
    ["401", () => errorReply(401, `invalid key ${KEY}`)],
    ["429 with a long Retry-After", () => errorReply(429, "rate limited", { "retry-after": "60" })],
    ["500", () => errorReply(500, "internal")],
    [
      "malformed JSON",
      () => new Response("{{{", { headers: { "content-type": "application/json" } }),
    ],
    ["a hang", () => hang()],
  ];
  for (const [what, reply] of failures) {
    Deno.test(`ModelAnalyzer over ${p.name} falls back to the built-in analysis on ${what}`, async () => {
      await withProject(async (dir, sessions) => {
        const server = startModelServer(reply);
        const lines: string[] = [];
        try {
          const builtin = new BuiltinAnalyzer(dir);
          const analyzer = new ModelAnalyzer(
            p.make({ model: "m", baseUrl: server.url, apiKey: KEY, apiKeyEnv: "FLUX_API_KEY" }),
            { session: sessions, fallback: builtin, timeoutMs: 600, onError: (l) => lines.push(l) },
          );
          const started = Date.now();
          const result = await analyzer.analyzeDetailed(REPORT);
          assert.ok(Date.now() - started < 30_000, "bounded by the analysis timeout");
          assert.equal(result.source, "builtin");
          assert.equal(result.text, await builtin.analyze(REPORT));
          assert.match(result.text, /validate_token/);
          assert.equal(lines.length, 1);
          const line = lines[0]!;
          assert.equal(result.modelError, line);
          assert.equal(analyzer.lastError, line);
          assert.ok(!line.includes("\n") && !line.includes(KEY), line);
          assert.match(line, /^Model request failed: .*127\.0\.0\.1/);
        } finally {
          await server.close();
        }
      });
    });
  }
}

Deno.test("ModelAnalyzer without a fallback throws one line, and analyzeFailure() falls back", async () => {
  await withProject(async (dir) => {
    const server = startModelServer(() => errorReply(500, "down"));
    try {
      const model = new ModelAnalyzer(new OpenAiProvider({ model: "m", baseUrl: server.url }));
      const result = await analyzeFailure(REPORT, { model, fallback: new BuiltinAnalyzer(dir) });
      assert.equal(result.source, "builtin");
      assert.match(
        result.modelError ?? "",
        /^Model request failed: 500 Internal Server Error from/,
      );
    } finally {
      await server.close();
    }
  });
});

Deno.test("createFailureAnalyzer() is the built-in analyzer without a model, the model with one", async () => {
  await withProject(async (dir, sessions) => {
    const server = startModelServer(() => openAiJson("model says hi"));
    try {
      const builtin = await createFailureAnalyzer(dir, { env: {} });
      assert.ok(builtin instanceof BuiltinAnalyzer);
      const lines: string[] = [];
      const broken = await createFailureAnalyzer(dir, {
        env: { FLUX_MODEL: "m", FLUX_PROVIDER: "gemini" },
        onError: (l) => lines.push(l),
      });
      assert.ok(broken instanceof BuiltinAnalyzer);
      assert.match(lines[0] ?? "", /FLUX_PROVIDER "gemini" is not supported/);
      const model = await createFailureAnalyzer(dir, {
        env: { FLUX_MODEL: "m", FLUX_BASE_URL: server.url },
        session: sessions,
      });
      assert.ok(model instanceof ModelAnalyzer);
      assert.equal(await model.analyze(REPORT), "model says hi");
    } finally {
      await server.close();
    }
  });
});

Deno.test("createFailureAnalyzer({ fallback: false }) lets analyzeFailure() say whether the model answered", async () => {
  await withProject(async (dir, sessions) => {
    let down = true;
    const server = startModelServer(() =>
      down ? errorReply(500, "down") : openAiJson("model cause")
    );
    try {
      const lines: string[] = [];
      const model = await createFailureAnalyzer(dir, {
        env: { FLUX_MODEL: "m", FLUX_BASE_URL: server.url },
        session: sessions,
        fallback: false,
        onError: (l) => lines.push(l),
      });
      assert.ok(model instanceof ModelAnalyzer);
      assert.equal(model.timeoutMs, 10_000);
      const builtin = new BuiltinAnalyzer(dir);
      const failed = await analyzeFailure(REPORT, { model, fallback: builtin });
      assert.equal(failed.source, "builtin");
      assert.equal(failed.text, await builtin.analyze(REPORT));
      assert.match(failed.modelError ?? "", /^Model request failed: 500 Internal Server Error/);
      assert.deepEqual(lines, [failed.modelError]);
      down = false;
      const answered = await analyzeFailure(REPORT, { model, fallback: builtin });
      assert.deepEqual(answered, { text: "model cause", source: "model" });
      assert.equal(lines.length, 1);
    } finally {
      await server.close();
    }
  });
});
