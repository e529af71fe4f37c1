/**
 * The answer to a question when no model is configured: what the built-in analyzer knows from the session
 * store (each monitor's last result, failures read by built-in rules), then how to configure a model. It is
 * labelled as the built-in analyzer's, never as a model's.
 */
import { isFile } from "../fs/is_file.ts";
import { describeKnownState } from "../monitor/known_state.ts";
import { SessionManager } from "../session/session_manager.ts";
import { NO_MODEL_HELP } from "./no_model_error.ts";

/** The heading above what Flux knows without a model. */
export const KNOWN_STATE_HEADING = "No model answered: here is what Flux's built-in analyzer knows";

/** What Flux knows without a model, and how to configure one. */
export interface AnswerWithoutModel {
  /** The known state, headed by {@linkcode KNOWN_STATE_HEADING}; empty when nothing is recorded. */
  known: string;
  /** How to configure a model ({@linkcode NO_MODEL_HELP}). */
  help: string;
}

/**
 * Reads the project's session store (`target` a folder or an open `SessionManager`); a folder Flux never
 * recorded is not given a store.
 */
export async function answerWithoutModel(
  target: string | SessionManager,
  signal?: AbortSignal,
): Promise<AnswerWithoutModel> {
  const opened = typeof target === "string";
  const sessions = opened
    ? new SessionManager(target, {
      incognito: !isFile(`${target}/.flux/sessions.db`),
      onWarning: () => {},
    })
    : target;
  try {
    const lines = await describeKnownState(sessions, sessions.projectDir, {
      testStatus: sessions.loadLastSession()?.state.testStatus ?? null,
      ...(signal ? { signal } : {}),
    });
    const known = lines.length === 0
      ? "Flux has recorded no monitor results for this project yet: `flux watch` (or the TUI) records them"
      : [`${KNOWN_STATE_HEADING}:`, ...lines].join("\n");
    return { known, help: NO_MODEL_HELP };
  } finally {
    if (opened) sessions.close();
  }
}
