import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import {
  ActionsFileError,
  argvFor,
  catalogOf,
  loadActionsFile,
  parseActions,
} from './actions-file.js';

const EXAMPLE = fileURLToPath(new URL('../../deploy/agent-actions.example.yaml', import.meta.url));

describe("the agent's actions file", () => {
  it('loads the documented example: uptime, df, restart and journal, commands kept local', () => {
    const actions = loadActionsFile(EXAMPLE);
    expect(actions.map((a) => a.name)).toEqual(['uptime', 'df', 'restart', 'journal']);
    const catalog = catalogOf(actions);
    expect(catalog.find((a) => a.name === 'restart')).toMatchObject({
      risk: 'high',
      timeout_s: 60,
    });
    expect(JSON.stringify(catalog)).not.toContain('systemctl');
  });

  it('puts each param in as one whole argument, the default when left out', () => {
    const journal = loadActionsFile(EXAMPLE).find((a) => a.name === 'journal')!;
    expect(argvFor(journal, { unit: 'nginx' })).toEqual([
      'journalctl',
      '--no-pager',
      '-u',
      'nginx',
      '-n',
      '100',
    ]);
    const echo = parseActions({
      actions: [
        {
          name: 'echo',
          command: ['echo', '{text}'],
          params: { type: 'object', properties: { text: { type: 'string' } } },
        },
      ],
    })[0];
    expect(argvFor(echo, { text: 'a b; $(reboot)' })).toEqual(['echo', 'a b; $(reboot)']);
    expect(argvFor(echo, {})).toEqual(['echo']);
  });

  it('offers nothing without actions, and refuses what would not be safe or valid', () => {
    expect(parseActions({})).toEqual([]);
    const bad = (action: Record<string, unknown>) => () =>
      parseActions({ actions: [{ name: 'x', command: ['true'], ...action }] });
    expect(bad({ command: 'rm -rf /' })).toThrow(ActionsFileError);
    expect(bad({ command: ['echo', 'prefix-{text}'] })).toThrow('whole argument');
    expect(bad({ command: ['{prog}'] })).toThrow('names no declared param');
    expect(bad({ name: 'Bad Name' })).toThrow(ActionsFileError);
    expect(bad({ risk: 'medium' })).toThrow(ActionsFileError);
    expect(
      bad({
        params: { type: 'object', properties: { a: { type: 'string', pattern: '.*' } } },
      }),
    ).toThrow(ActionsFileError);
    expect(() =>
      parseActions({
        actions: [
          { name: 'x', command: ['a'] },
          { name: 'x', command: ['b'] },
        ],
      }),
    ).toThrow('declared twice');
  });
});
