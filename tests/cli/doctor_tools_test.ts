/**
 * `flux doctor` reports what Flux will really run (the venv's ruff, the config's test command) and reads
 * `.flux/config.yaml` with the same readers as the commands: a mistake `flux watch` refuses, doctor
 * names in the same words.
 */
import { deepEqual, equal, ok } from "node:assert/strict";

const REPO = `${import.meta.dirname}/../..`;

async function flux(dir: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", `${REPO}/deno.json`, `${REPO}/main.ts`, ...args],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

interface Tool {
  kind: string;
  tool: string;
  command: string[];
  program: string | null;
}

Deno.test("flux doctor names the venv's ruff Flux will run, the config's test command, and a bad config as flux watch does", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_doctor_" }));
  try {
    await Deno.mkdir(`${dir}/.venv/bin`, { recursive: true });
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(`${dir}/pyproject.toml`, "[tool.ruff]\nfix = true\n");
    await Deno.writeTextFile(`${dir}/.venv/bin/ruff`, "#!/bin/sh\necho '[]'\n");
    await Deno.chmod(`${dir}/.venv/bin/ruff`, 0o755);
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      'monitors:\n  tests:\n    command: "python3 -m pytest -x"\n',
    );
    const good = await flux(dir, "doctor", "--json", "--project", dir);
    const report = JSON.parse(good.stdout) as {
      toolchains: {
        name: string;
        programs: { name: string; path: string | null }[];
        tools: Tool[];
      }[];
      config: { ok: boolean; detail: string };
    };
    const python = report.toolchains.find((c) => c.name === "python")!;
    const lint = python.tools.find((t) => t.kind === "lint")!;
    equal(lint.program, `${dir}/.venv/bin/ruff`);
    ok(lint.command.includes("--no-fix"), lint.command.join(" "));
    ok(python.programs.some((p) => p.name === "ruff" && p.path === `${dir}/.venv/bin/ruff`));
    const test = python.tools.find((t) => t.kind === "test")!;
    deepEqual(test.command.slice(0, 4), ["python3", "-m", "pytest", "-x"]);
    equal(report.config.ok, true);

    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      "monitors:\n  tests:\n    interval: soon\n",
    );
    const bad = await flux(dir, "doctor", "--project", dir);
    equal(bad.code, 1);
    const watch = await flux(dir, "watch", "--project", dir);
    equal(watch.code, 2);
    const why = watch.stderr.trim().replace(/^flux: /, "");
    ok(bad.stdout.includes(`ERROR: ${why}`), `${bad.stdout}\n---\n${why}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
