import { describe, expect, it } from '@jest/globals';
import { type ParamsSchema, paramsProblems, parseCatalog } from './action-schema.js';
import { parseJobOutput, parseJobResult } from './job-protocol.js';

const journal: ParamsSchema = {
  type: 'object',
  properties: {
    unit: { type: 'string', enum: ['nginx', 'postgresql'] },
    lines: { type: 'integer', minimum: 1, maximum: 1000 },
  },
  required: ['unit'],
  // An agent leaving the schema open changes nothing: undeclared params are always refused.
  additionalProperties: true,
};

const action = (overrides: Record<string, unknown> = {}) => ({
  name: 'journal',
  description: 'Lines of a journal',
  params: journal,
  timeout_s: 30,
  risk: 'low',
  ...overrides,
});

describe('action params (the same checks in the API and the agent)', () => {
  it('accepts params that match, and names every problem with its path', () => {
    expect(paramsProblems(journal, { unit: 'nginx', lines: 10 })).toEqual([]);
    const problems = paramsProblems(journal, { lines: 0, shell: 'rm -rf /' });
    expect(problems.map((p) => [p.keyword, p.path.join('.')]).sort()).toEqual([
      ['additionalProperties', 'shell'],
      ['minimum', 'lines'],
      ['required', 'unit'],
    ]);
    expect(paramsProblems(journal, { unit: 'sshd' })[0]).toMatchObject({
      keyword: 'enum',
      message: 'Input should be one of "nginx", "postgresql"',
      value: 'sshd',
    });
    expect(paramsProblems(journal, [])[0].keyword).toBe('type');
  });
});

describe('the catalog an agent declares', () => {
  it('takes the documented shape only', () => {
    expect(parseCatalog({ actions: [action()] })).toHaveLength(1);
    expect(parseCatalog({ actions: [] })).toEqual([]);
    expect(parseCatalog({ actions: [action(), action()] })).toBeNull(); // a name twice
    expect(parseCatalog({ actions: [action({ risk: 'medium' })] })).toBeNull();
    expect(parseCatalog({ actions: [action({ command: ['rm'] })] })).toBeNull();
    expect(
      parseCatalog({
        actions: [action({ params: { type: 'object', properties: {}, required: ['ghost'] } })],
      }),
    ).toBeNull();
    const nested = { type: 'object', properties: { a: { type: 'object' } } };
    expect(parseCatalog({ actions: [action({ params: nested })] })).toBeNull();
  });
});

describe('job messages from agents', () => {
  const job = '6F1C1A7E-8A55-4B8E-9D43-6A0F3E1A2B3C';
  it('parses the documented shapes (ids lower-cased, exit_code null when absent)', () => {
    expect(parseJobOutput({ job_id: job, seq: 2, stream: 'stderr', data: 'x' })).toEqual({
      job_id: job.toLowerCase(),
      seq: 2,
      stream: 'stderr',
      data: 'x',
    });
    expect(parseJobResult({ job_id: job, status: 'timed_out' })).toEqual({
      job_id: job.toLowerCase(),
      exit_code: null,
      status: 'timed_out',
    });
    expect(parseJobResult({ job_id: job, status: 'lost' })).toBeNull();
    expect(parseJobOutput({ job_id: job, seq: 1.5, stream: 'stdout', data: '' })).toBeNull();
  });
});
