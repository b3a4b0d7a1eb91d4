import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type ActionDefinition, actionProblems, MAX_ACTIONS } from '../jobs/action-schema.js';

/**
 * The agent's own actions (API.md §13), from the file given with `--actions`: the only things
 * the API can ever have this agent run. Each action maps to an argv array; a parameter appears as
 * a whole argument (`"{unit}"`), never inside one and never through a shell. Without the file the
 * agent offers nothing.
 */
export interface LocalAction extends ActionDefinition {
  /** The program and its arguments; `{name}` elements are replaced by that param's value. */
  command: string[];
}

/** An argv element that is a placeholder: the whole element, nothing around it. */
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]{0,63})\}$/;
const PARTIAL = /\{[A-Za-z_][A-Za-z0-9_]*\}/;
const DEFAULT_TIMEOUT_S = 60;

export class ActionsFileError extends Error {}

/** Reads and checks the file: any problem is an ActionsFileError naming the action and the field. */
export function loadActionsFile(path: string): LocalAction[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ActionsFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ActionsFileError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  return parseActions(document, path);
}

export function parseActions(document: unknown, source = 'actions file'): LocalAction[] {
  const list = (document as { actions?: unknown } | null)?.actions;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ActionsFileError(`${source}: "actions" must be a list`);
  if (list.length > MAX_ACTIONS)
    throw new ActionsFileError(`${source}: at most ${MAX_ACTIONS} actions`);
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const raw = (entry ?? {}) as Record<string, unknown>;
    const label = `${source}: action ${typeof raw.name === 'string' ? `"${raw.name}"` : `#${index + 1}`}`;
    const { command, ...declared } = raw;
    const definition = {
      description: '',
      params: { type: 'object', properties: {} },
      timeout_s: DEFAULT_TIMEOUT_S,
      risk: 'low',
      ...declared,
    };
    const problems = actionProblems(definition);
    if (problems.length > 0) throw new ActionsFileError(`${label}: ${problems.join('; ')}`);
    const action = definition as ActionDefinition;
    if (seen.has(action.name)) throw new ActionsFileError(`${label}: declared twice`);
    seen.add(action.name);
    if (
      !Array.isArray(command) ||
      command.length === 0 ||
      !command.every((part) => typeof part === 'string' && part !== '')
    )
      throw new ActionsFileError(`${label}: "command" must be a non-empty list of strings`);
    const declaredParams = Object.keys(action.params.properties);
    for (const part of command as string[]) {
      const whole = PLACEHOLDER.exec(part);
      if (whole && !declaredParams.includes(whole[1]))
        throw new ActionsFileError(`${label}: "${part}" names no declared param`);
      if (!whole && PARTIAL.test(part))
        throw new ActionsFileError(
          `${label}: "${part}": a param must be a whole argument, e.g. ["-n", "{lines}"]`,
        );
    }
    if (PLACEHOLDER.test(command[0] as string))
      throw new ActionsFileError(`${label}: the program itself cannot be a param`);
    return { ...action, command: command as string[] };
  });
}

/** The catalog the agent declares: everything but the command lines, which stay on the host. */
export function catalogOf(actions: readonly LocalAction[]): ActionDefinition[] {
  return actions.map(({ command: _command, ...definition }) => definition);
}

/**
 * The argv of a run: each `{name}` element replaced by the param's value (or its default) as one
 * argument; an optional param with neither drops its element. The params were checked against the
 * schema first, so values are strings, numbers or booleans.
 */
export function argvFor(action: LocalAction, params: Record<string, unknown>): string[] {
  const argv: string[] = [];
  for (const part of action.command) {
    const whole = PLACEHOLDER.exec(part);
    if (!whole) {
      argv.push(part);
      continue;
    }
    const value = params[whole[1]] ?? action.params.properties[whole[1]]?.default;
    if (value !== undefined && value !== null) argv.push(String(value));
  }
  return argv;
}
