/**
 * `flux help TOPIC`: prints one of Flux's guides (see `core/docs/doc_topics.ts`). `flux help COMMAND` for
 * anything that is not a guide stays Commander's own command help.
 */
import { say } from "./say.ts";
import { UsageError } from "./cli_context.ts";
import {
  DOC_TOPICS,
  type DocTopic,
  guideLocation,
  isDocTopic,
  readGuide,
} from "../docs/doc_topics.ts";

/** The line `flux --help` ends with: which guides `flux help` prints. */
export const GUIDES_HELP = `\nGuides: flux help TOPIC, where TOPIC is one of ${
  DOC_TOPICS.join(", ")
}`;

/** The guide `args` asks for (`flux [options] help TOPIC`), or undefined when they ask for none. */
export function guideRequest(args: string[]): DocTopic | undefined {
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const arg = args[i] ?? "";
    if (arg === "-p" || arg === "--project") i++;
    else if (!arg.startsWith("-")) operands.push(arg);
  }
  const [command, topic] = operands;
  return command === "help" && topic !== undefined && isDocTopic(topic) ? topic : undefined;
}

/** Prints the guide, or says where it lives when this installation does not carry it. */
export async function printGuide(topic: DocTopic, commands: string[]): Promise<void> {
  const text = await readGuide(topic);
  if (text === null) {
    throw new UsageError(
      `This Flux carries no copy of the "${topic}" guide: read it at ${guideLocation(topic)}`,
      1,
    );
  }
  say(text.trimEnd());
  const options = commands.includes(topic)
    ? `; the options of the command: flux ${topic} --help`
    : "";
  say(`\n(${guideLocation(topic)}${options})`);
}
