/** Every analyzer Flux ships, by name (the names toolchains list). */
import type { ToolAdapter } from "./tool_adapter.ts";
import { biome, biomeFormat } from "./biome.ts";
import { black } from "./black.ts";
import { cargoBuild, cargoCheck, cargoClippy, rustfmt } from "./cargo_build.ts";
import { cargoTest } from "./cargo_test.ts";
import { compileall } from "./compileall.ts";
import { denoCheck } from "./deno_check.ts";
import { denoFmt } from "./deno_fmt.ts";
import { denoLint } from "./deno_lint.ts";
import { denoTest } from "./deno_test.ts";
import { eslint } from "./eslint.ts";
import { goBuild, goCheck, gofmt, goVet } from "./go_build.ts";
import { goTest } from "./go_test.ts";
import { npmBuild, npmTest } from "./npm_script.ts";
import { prettier } from "./prettier.ts";
import { pylint } from "./pylint.ts";
import { pytest } from "./pytest.ts";
import { ruff, ruffFormat } from "./ruff.ts";
import { tsc } from "./tsc.ts";
import { jest, vitest } from "./vitest_jest.ts";

/** All adapters, in no particular order. */
export function allToolAdapters(): ToolAdapter[] {
  return [
    denoTest,
    denoCheck,
    denoLint,
    denoFmt,
    pytest,
    ruff,
    ruffFormat,
    pylint,
    black,
    compileall,
    vitest,
    jest,
    npmTest,
    npmBuild,
    eslint,
    biome,
    biomeFormat,
    tsc,
    prettier,
    goTest,
    goBuild,
    goCheck,
    goVet,
    gofmt,
    cargoTest,
    cargoBuild,
    cargoCheck,
    cargoClippy,
    rustfmt,
  ];
}

/** The adapter called `name`, or undefined when Flux has none by that name. */
export function toolAdapter(name: string): ToolAdapter | undefined {
  return allToolAdapters().find((a) => a.name === name);
}
