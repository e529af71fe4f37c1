/**
 * The modules of {@linkcode FluxBackend} that only some commands use: running a workflow, `/ask` and
 * `/autofix`. Loaded the first time one of them runs (see `_backend_parts.ts` for the rest).
 * @module
 */
export { askQuestion } from "../ai/ask_question.ts";
export { NoModelError } from "../ai/no_model_error.ts";
export { answerWithoutModel } from "../ai/answer_without_model.ts";
export { WorkflowExecutor } from "../workflow/workflow_executor.ts";
export { workflowEventData } from "../workflow/record_workflow_run.ts";
export { runAutofix } from "../autofix/run_autofix.ts";
export { autofixTools } from "../autofix/autofix_tools.ts";
