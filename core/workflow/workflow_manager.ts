/**
 * Loads, lists and saves the workflows of a project: `.flux/workflows.yaml` plus the built-in templates (a
 * workflow of the file with a template's name replaces it). Saving keeps the user's comments and
 * formatting, and refuses to touch a file it cannot parse.
 */
import { requiredText } from "../api/required.ts";
import { Document } from "../deps/yaml.ts";
import { buildWorkflowPlan, buildWorkflowPlans } from "./build_workflow_plans.ts";
import { mergeIntoDocument } from "./_merge_yaml.ts";
import { parseWorkflowsText, readWorkflowsFile } from "./parse_workflows_text.ts";
import type { WorkflowDefinition } from "./workflow_definition.ts";
import { type WorkflowDiagnostic, WorkflowSyntaxError } from "./workflow_diagnostic.ts";
import type { WorkflowPlan } from "./workflow_plan.ts";
import { TEMPLATE_NAMES, workflowTemplates } from "./workflow_templates.ts";
import { projectRootOf } from "../fs/find_project_root.ts";

/** Options for {@linkcode WorkflowManager}. */
export interface WorkflowManagerOptions {
  /** Step types the plugins provide (default: the built-in ones). */
  stepTypes?: Iterable<string>;
  /** Step types of plugins that cannot run now, with the reason (for a clearer error). */
  unavailableStepTypes?: ReadonlyMap<string, string>;
  /** The workflows file (default `<project>/.flux/workflows.yaml`). */
  file?: string;
}

/** Everything loaded from the file and the templates. */
export interface LoadedWorkflows {
  file: string;
  definitions: Map<string, WorkflowDefinition>;
  plans: Map<string, WorkflowPlan>;
  /** Where each workflow comes from. */
  sources: Map<string, "file" | "template">;
  diagnostics: WorkflowDiagnostic[];
}

/** The workflows of one project. */
export class WorkflowManager {
  readonly projectDir: string;
  readonly file: string;
  /** How messages name the file: relative to the project when inside it. */
  readonly shownFile: string;
  #stepTypes: string[] | undefined;
  #unavailable: ReadonlyMap<string, string> | undefined;

  constructor(projectDir: string, options: WorkflowManagerOptions = {}) {
    requiredText(projectDir, "WorkflowManager's projectDir", 'new WorkflowManager("/project")');
    this.projectDir = projectRootOf(projectDir);
    this.file = options.file ?? `${this.projectDir}/.flux/workflows.yaml`;
    this.shownFile = this.file.startsWith(`${this.projectDir}/`)
      ? this.file.slice(this.projectDir.length + 1)
      : this.file;
    this.#stepTypes = options.stepTypes ? [...options.stepTypes] : undefined;
    this.#unavailable = options.unavailableStepTypes;
  }

  /** Reads and checks everything; errors come back as diagnostics, never thrown. */
  load(): Promise<LoadedWorkflows> {
    return this.#load();
  }

  /** `load()`, planning only template `only` when given (planning a template parses YAML: ~3 ms each). */
  async #load(only?: string): Promise<LoadedWorkflows> {
    const read = await readWorkflowsFile(this.file);
    const parsed = parseWorkflowsText(read?.text ?? "", this.shownFile, { size: read?.size ?? 0 });
    const built = buildWorkflowPlans(parsed.value, {
      file: this.shownFile,
      locate: parsed.locate,
      ...(this.#stepTypes ? { stepTypes: this.#stepTypes } : {}),
      ...(this.#unavailable ? { unavailableStepTypes: this.#unavailable } : {}),
    });
    const loaded: LoadedWorkflows = {
      file: this.file,
      definitions: new Map(),
      plans: new Map(),
      sources: new Map(),
      diagnostics: [...parsed.diagnostics, ...built.diagnostics],
    };
    // Planning one workflow that is no template needs no template: they are not even built (building
    // them detects the project's toolchains).
    const templates = only !== undefined && !(TEMPLATE_NAMES as readonly string[]).includes(only)
      ? new Map<string, WorkflowDefinition>()
      : await workflowTemplates(this.projectDir);
    for (const [name, def] of templates) {
      loaded.definitions.set(name, def);
      loaded.sources.set(name, "template");
      if (only !== undefined && only !== name) continue;
      try {
        loaded.plans.set(
          name,
          buildWorkflowPlan(def, this.#stepTypes ? { stepTypes: this.#stepTypes } : {}),
        );
      } catch (error) {
        // A template whose step types are missing here is listed as unable to run, never a crash.
        if (!(error instanceof WorkflowSyntaxError)) throw error;
      }
    }
    // A name the file defines is the file's, even when its workflow is broken (then it cannot run):
    // a broken override of a template must not quietly run the template instead.
    for (const name of namesInFile(parsed.value, read, loaded.sources.keys())) {
      loaded.definitions.delete(name);
      loaded.plans.delete(name);
      loaded.sources.set(name, "file");
    }
    for (const [name, def] of built.definitions) {
      loaded.definitions.set(name, def);
      loaded.sources.set(name, "file");
      const plan = built.plans.get(name);
      if (plan) loaded.plans.set(name, plan);
    }
    return loaded;
  }

  /** Names of every workflow: the templates, then the file's own (of `loaded`, when given). */
  async listWorkflows(loaded?: LoadedWorkflows): Promise<string[]> {
    loaded ??= await this.load();
    const templates = [...loaded.sources].filter(([, s]) => s === "template").map(([n]) => n)
      .sort();
    const own = [...loaded.sources].filter(([, s]) => s === "file").map(([n]) => n);
    return [...templates, ...own];
  }

  /**
   * The workflow `name`, ready to run; `undefined` when there is none. Each workflow is checked on its own:
   * a valid workflow (or a template) runs while another workflow of the file is broken, and the other
   * workflows' errors come with it as warnings. Throws {@linkcode WorkflowSyntaxError} listing the errors
   * that stop `name` (its own, the file's, those of workflows it calls) when it cannot run.
   */
  async getWorkflow(name: string): Promise<WorkflowPlan | undefined> {
    const loaded = await this.#load(name);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    const plan = loaded.plans.get(name);
    if (plan) {
      if (errors.length === 0) return plan;
      return { ...plan, warnings: [...plan.warnings, ...errors.map(elsewhere)] };
    }
    // A name unknown here may still be in a file that cannot be read: then its errors are the answer.
    const own = errors.filter((d) => d.workflow === undefined || d.workflow === name);
    if (!loaded.sources.has(name) && own.length === 0) return undefined;
    throw new WorkflowSyntaxError(own.length > 0 ? own : errors);
  }

  /** Writes `definition` into the file, keeping comments and formatting; validates it first. */
  async saveWorkflow(definition: WorkflowDefinition): Promise<void> {
    const others = [...(await this.load()).definitions.values()].filter((d) =>
      d.name !== definition.name
    );
    buildWorkflowPlan(definition, {
      others,
      ...(this.#stepTypes ? { stepTypes: this.#stepTypes } : {}),
    });
    const read = await readWorkflowsFile(this.file);
    const parsed = parseWorkflowsText(read?.text ?? "", this.shownFile, { size: read?.size ?? 0 });
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new WorkflowSyntaxError(errors);
    const doc = parsed.doc ?? new Document({});
    const { name, ...rest } = definition;
    mergeIntoDocument(doc, name, stripUndefined(rest));
    await Deno.mkdir(this.file.replace(/\/[^/]*$/, ""), { recursive: true });
    const tmp = `${this.file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    await Deno.writeTextFile(tmp, doc.toString({ lineWidth: 0 }));
    await Deno.rename(tmp, this.file);
  }
}

/** An error of another workflow (or of the whole file), as a warning for a workflow that still runs. */
function elsewhere(d: WorkflowDiagnostic): WorkflowDiagnostic {
  const which = d.workflow === undefined
    ? "the file's own workflows cannot run until it is fixed"
    : `workflow "${d.workflow}" cannot run until it is fixed`;
  return { ...d, severity: "warning", message: `${d.message} (${which})` };
}

/**
 * Which of `candidates` (template names) the file defines: its top-level keys, or, when it cannot be
 * parsed, the names written as top-level keys in its text; all of them when it was too big to read.
 */
function namesInFile(
  value: unknown,
  read: { text: string; size: number } | undefined,
  candidates: Iterable<string>,
): string[] {
  const names = [...candidates];
  const text = read?.text ?? "";
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return names.filter((n) => Object.hasOwn(value, n));
  }
  if (read && read.size > 0 && text === "") return names;
  return names.filter((n) => {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^(["']?)${escaped}\\1[ \t]*:`, "m").test(text);
  });
}

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
