import { useEffect, useRef, useState } from 'preact/hooks';
import { type Action, api, type JobOutputChunk, type JobSummary, type Server } from '../api/client';
import { ListTable, LoadStatus } from '../components/lists';
import { Alert, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { onJobEvent, onLiveConnect } from '../live';
import { authed } from '../session';

interface PropertySchema {
  type: 'string' | 'number' | 'integer' | 'boolean';
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: string | number | boolean;
  description?: string;
  title?: string;
}

interface ParamsSchema {
  properties: Record<string, PropertySchema>;
  required?: string[];
}

const ACTIVE = ['queued', 'running'];

/**
 * The Actions tab (API.md §13): what the server's agent offers, a form built from the chosen
 * action's params schema, its run live in a terminal-like panel (text nodes only: output is never
 * interpreted as HTML), Cancel, and the server's job history with each job's output.
 */
export function ActionsPanel({ server }: { server: Server }) {
  const actions = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/servers/{id}/actions', { params: { path: { id: server.id } } }),
      ),
    [server.id, server.status],
  );
  const jobs = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/servers/{id}/jobs', {
          params: { path: { id: server.id }, query: { limit: 20, offset: 0 } },
        }),
      ),
    [server.id],
  );
  const [chosen, setChosen] = useState<string>('');
  const [shown, setShown] = useState<string | undefined>();

  useEffect(() => {
    const offJobs = onJobEvent((event) => {
      if (event.kind === 'status' && event.event.server_id === server.id) jobs.reload();
    });
    const offConnect = onLiveConnect(() => {
      actions.reload();
      jobs.reload();
    });
    return () => {
      offJobs();
      offConnect();
    };
  }, [server.id]);

  const items = actions.data?.items;
  const action = items?.find((a) => a.name === chosen) ?? items?.[0];
  return (
    <>
      <div class="panel-head">
        <p class="muted">
          Named actions the server's agent offers from its own actions file. Nothing else can run.
        </p>
      </div>
      <LoadStatus load={actions} />
      {items && items.length === 0 && (
        <div class="empty">
          <p>
            {server.status === 'online'
              ? 'The agent offers no actions. Start it with --actions actions.yaml.'
              : 'No agent connected: actions are listed while one is.'}
          </p>
        </div>
      )}
      {items && items.length > 0 && action && (
        <>
          <div class="field">
            <label for="action-choice">Action</label>
            <select
              id="action-choice"
              value={action.name}
              onChange={(event) => setChosen(event.currentTarget.value)}
            >
              {items.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                  {a.risk === 'high' ? ' (high risk)' : ''}
                </option>
              ))}
            </select>
            <div class="hint">{action.description}</div>
          </div>
          <RunForm
            key={action.name}
            server={server}
            action={action}
            onStarted={(job) => {
              setShown(job.id);
              jobs.reload();
            }}
          />
        </>
      )}
      {shown && <JobView jobId={shown} />}
      <h2>History</h2>
      <LoadStatus load={jobs} />
      {jobs.data && jobs.data.items.length === 0 && <p class="muted">No jobs yet.</p>}
      {jobs.data && jobs.data.items.length > 0 && (
        <ListTable
          label="Jobs"
          columns={['Action', 'Status', 'Exit code', 'Requested', 'Finished']}
          actions
          items={jobs.data.items}
          row={(job: JobSummary) => (
            <tr key={job.id}>
              <td data-label="Action">{job.action}</td>
              <td data-label="Status">
                <StatusBadge status={job.status} />
              </td>
              <td data-label="Exit code">{job.exit_code ?? '—'}</td>
              <td data-label="Requested">
                <When at={job.created_at} />
              </td>
              <td data-label="Finished">
                <When at={job.finished_at} empty="—" />
              </td>
              <td class="row-actions">
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Output of ${job.action} at ${job.created_at}`}
                  onClick={() => setShown(job.id)}
                >
                  Output
                </button>
              </td>
            </tr>
          )}
        />
      )}
    </>
  );
}

function initialValues(schema: ParamsSchema): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.type === 'boolean') values[name] = property.default === true;
    else if (property.default !== undefined) values[name] = String(property.default);
    else if (property.enum && (schema.required ?? []).includes(name))
      values[name] = String(property.enum[0]);
    else values[name] = '';
  }
  return values;
}

/** A form from the params schema: enum → choice, number → number field, boolean → checkbox. */
function RunForm({
  server,
  action,
  onStarted,
}: {
  server: Server;
  action: Action;
  onStarted: (job: JobSummary) => void;
}) {
  const schema = action.params as unknown as ParamsSchema;
  const [values, setValues] = useState(() => initialValues(schema));
  const run = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run.run(async () => {
      const params: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const value = values[name];
        if (value === '' || value === undefined) continue;
        params[name] =
          property.type === 'number' || property.type === 'integer' ? Number(value) : value;
      }
      const job = await authed(() =>
        api.POST('/api/v1/servers/{id}/jobs', {
          params: {
            path: { id: server.id },
            // One key per press of Run: a retried request never runs the action twice.
            header: { 'Idempotency-Key': crypto.randomUUID() },
          },
          body: { action: action.name, params },
        }),
      );
      onStarted(job);
    });
  };
  return (
    <form class="run-form" onSubmit={submit}>
      {Object.entries(schema.properties ?? {}).map(([name, property]) => {
        const id = `param-${name}`;
        const label = property.title ?? name;
        const required = (schema.required ?? []).includes(name);
        const error = run.fields[name];
        const value = values[name];
        const set = (next: string | boolean) => setValues({ ...values, [name]: next });
        return (
          <div class={`field${error ? ' field-invalid' : ''}`} key={name}>
            {property.type === 'boolean' ? (
              <label>
                <input
                  id={id}
                  type="checkbox"
                  checked={value === true}
                  onChange={(e) => set(e.currentTarget.checked)}
                />{' '}
                {label}
              </label>
            ) : (
              <>
                <label for={id}>{label}</label>
                {property.enum ? (
                  <select
                    id={id}
                    value={String(value)}
                    onChange={(e) => set(e.currentTarget.value)}
                  >
                    {!required && <option value="">—</option>}
                    {property.enum.map((option) => (
                      <option key={String(option)} value={String(option)}>
                        {String(option)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    name={name}
                    // Preact types each input type's roles separately; a union needs one of them.
                    type={(property.type === 'string' ? 'text' : 'number') as 'number'}
                    min={property.minimum}
                    max={property.maximum}
                    maxLength={property.maxLength}
                    required={required}
                    value={String(value)}
                    onInput={(e) => set(e.currentTarget.value)}
                  />
                )}
              </>
            )}
            {property.description && <div class="hint">{property.description}</div>}
            {error && <div class="field-error">{error}</div>}
          </div>
        );
      })}
      <Alert>{run.message}</Alert>
      <button type="submit" disabled={run.busy || run.waiting > 0}>
        Run
      </button>
    </form>
  );
}

/** One job: status, exit code, Cancel while it runs, and its output as it comes. */
function JobView({ jobId }: { jobId: string }) {
  const [job, setJob] = useState<JobSummary | undefined>();
  const [output, setOutput] = useState<JobOutputChunk[]>([]);
  const cancel = useAction();
  const terminal = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let current = true;
    setJob(undefined);
    setOutput([]);
    const load = () =>
      authed(() => api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } })).then(
        (loaded) => {
          if (!current) return;
          const { output: chunks, ...summary } = loaded;
          // A live event may have come while this answer was on its way: never go back in time.
          setJob((known) => (known && rank(known.status) > rank(summary.status) ? known : summary));
          setOutput((known) => merge(known, chunks));
        },
        () => undefined,
      );
    const off = onJobEvent((event) => {
      if (event.kind === 'output' && event.event.job_id === jobId) {
        const { seq, stream, data } = event.event;
        setOutput((known) => merge(known, [{ seq, stream, data }]));
      } else if (event.kind === 'status' && event.event.id === jobId) {
        const live = event.event as unknown as JobSummary;
        setJob((known) => (known && rank(known.status) > rank(live.status) ? known : live));
      }
    });
    const offConnect = onLiveConnect(() => void load());
    void load();
    return () => {
      current = false;
      off();
      offConnect();
    };
  }, [jobId]);

  useEffect(() => {
    const el = terminal.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [output]);

  if (!job) return <p class="muted">Loading…</p>;
  const active = ACTIVE.includes(job.status);
  return (
    <section class="job" aria-label={`Job ${job.action}`}>
      <div class="job-head">
        <h2>{job.action}</h2>
        <StatusBadge status={job.status} />
        <span class="job-exit">
          Exit code: <strong>{job.exit_code ?? '—'}</strong>
        </span>
        {active && (
          <button
            type="button"
            class="danger"
            disabled={cancel.busy}
            onClick={() =>
              void cancel.run(async () => {
                const now = await authed(() =>
                  api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id: jobId } } }),
                );
                setJob((known) => (known && rank(known.status) > rank(now.status) ? known : now));
              })
            }
          >
            Cancel
          </button>
        )}
      </div>
      <Alert>{cancel.message}</Alert>
      {job.error && <p class="muted">{job.error}</p>}
      <pre class="terminal" ref={terminal} aria-label="Output" aria-live="polite" tabIndex={0}>
        {output.map((chunk) => (
          <span key={chunk.seq} class={chunk.stream === 'stderr' ? 'stderr' : undefined}>
            {chunk.data}
          </span>
        ))}
      </pre>
      {job.truncated && <p class="muted">Output past 1 MiB was dropped.</p>}
    </section>
  );
}

/** How far along a status is: a job never goes from a later one back to an earlier one. */
const rank = (status: string) => (status === 'queued' ? 0 : status === 'running' ? 1 : 2);

/** Known chunks plus new ones, each seq once, in seq order. */
function merge(known: JobOutputChunk[], more: JobOutputChunk[]): JobOutputChunk[] {
  const bySeq = new Map(known.map((chunk) => [chunk.seq, chunk]));
  for (const chunk of more) bySeq.set(chunk.seq, chunk);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
