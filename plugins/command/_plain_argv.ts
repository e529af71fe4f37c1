/**
 * The words of a command that `sh -c` would run as one plain program call, so the command plugin can start
 * that program itself and save the shell's own process (GNU make takes the same shortcut). Anything the
 * shell would interpret (quotes, `$`, globs, redirections, `;`, `&&`, assignments, `~`, comments, escapes)
 * or a first word that is a shell builtin or keyword returns `undefined`: then the shell runs it.
 */

/** Characters that never mean anything to sh inside a word. */
const PLAIN_WORD = /^[A-Za-z0-9_./,:@%+-]+$/;

/** Builtins and keywords of POSIX sh (and dash, bash) whose meaning a program of that name would not have. */
const SHELL_WORDS = new Set([
  ".",
  ":",
  "alias",
  "bg",
  "break",
  "case",
  "cd",
  "command",
  "continue",
  "do",
  "done",
  "echo",
  "elif",
  "else",
  "esac",
  "eval",
  "exec",
  "exit",
  "export",
  "false",
  "fc",
  "fg",
  "fi",
  "for",
  "getopts",
  "hash",
  "if",
  "in",
  "jobs",
  "kill",
  "local",
  "printf",
  "pwd",
  "read",
  "readonly",
  "return",
  "set",
  "shift",
  "source",
  "test",
  "then",
  "time",
  "times",
  "trap",
  "true",
  "type",
  "ulimit",
  "umask",
  "unalias",
  "unset",
  "until",
  "wait",
  "while",
]);

/** `["/bin/true"]` for `"/bin/true"`; `undefined` when only a shell can run `command` faithfully. */
export function plainArgv(command: string): string[] | undefined {
  const words = command.trim().split(/[ \t]+/);
  const first = words[0] ?? "";
  if (first === "" || SHELL_WORDS.has(first) || first.startsWith("-")) return undefined;
  // `./run.sh` is found from the step's folder by the shell; a program started directly may not agree.
  if (first.includes("/") && !first.startsWith("/")) return undefined;
  // A word with "=" before any "/" in first place is an assignment (`A=1 cmd`); elsewhere "=" is plain.
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) return undefined;
  return words.every((w) => PLAIN_WORD.test(w)) ? words : undefined;
}
