import { describe, expect, it } from '@jest/globals';
import { parseActions } from './actions-file.js';
import { JobRunner } from './job-runner.js';

const actions = parseActions({
  actions: [
    {
      name: 'journal',
      command: ['journalctl', '-u', '{unit}'],
      params: {
        type: 'object',
        properties: { unit: { type: 'string', enum: ['nginx'] }, tag: { type: 'string' } },
        required: ['unit'],
      },
    },
  ],
});

describe("the agent's own check of a job_run (whatever the API let through)", () => {
  const runner = new JobRunner(actions, () => undefined);
  const job = (action: string, params: Record<string, unknown>) => ({
    job_id: '6f1c1a7e-8a55-4b8e-9d43-6a0f3e1a2b3c',
    action,
    params,
    timeout_s: 5,
  });

  it('rejects an action it does not declare', () => {
    expect(runner.run(job('shell', { cmd: 'reboot' }))).toEqual({
      status: 'rejected',
      message: 'Unknown action',
    });
  });

  it('rejects params that fail the schema, and a value that would read as an option', () => {
    expect(runner.run(job('journal', { unit: 'sshd' }))).toMatchObject({ status: 'rejected' });
    expect(runner.run(job('journal', { unit: 'nginx', extra: 1 }))).toMatchObject({
      status: 'rejected',
    });
    expect(runner.run(job('journal', { unit: 'nginx', tag: '--since=1970' }))).toEqual({
      status: 'rejected',
      message: 'Invalid params: tag starts with "-"',
    });
    expect(runner.runningJobIds()).toEqual([]);
  });
});
