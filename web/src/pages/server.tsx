import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiProblem, type Server } from '../api/client';
import { Alert, ConfirmDialog, Link, PageTitle, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { onLiveConnect, onServerStatus } from '../live';
import { navigate } from '../router';
import { authed } from '../session';
import { ActivityLog } from './activity';
import { ActionsPanel } from './actions';
import { ApiKeysPanel } from './api-keys';
import { ServerFormDialog } from './servers';

const TABS = [
  { id: 'overview', label: 'Overview', path: '' },
  { id: 'api-keys', label: 'API Keys', path: '/api-keys' },
  { id: 'actions', label: 'Actions', path: '/actions' },
  { id: 'activity', label: 'Activity', path: '/activity' },
] as const;

export function ServerPage({ id, tab }: { id: string; tab: (typeof TABS)[number]['id'] }) {
  const server = useLoad(
    () => authed(() => api.GET('/api/v1/servers/{id}', { params: { path: { id } } })),
    // Opening a tab shows the server as it is now (the agent's details have no live event).
    [id, tab],
  );
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    const offStatus = onServerStatus((event) => {
      if (event.server_id !== id) return;
      server.setData(
        (current) =>
          current && { ...current, status: event.status, last_seen_at: event.last_seen_at },
      );
      // The agent's details come with the server, not with the event.
      server.reload();
    });
    const offConnect = onLiveConnect(server.reload);
    return () => {
      offStatus();
      offConnect();
    };
  }, [id]);

  if (server.problem) {
    return (
      <main id="main">
        <PageTitle title="Server">Server</PageTitle>
        <Alert>
          {server.problem.status === 404
            ? 'This server does not exist, or it is not yours.'
            : server.problem.message}
        </Alert>
        <p>
          <Link href="/servers">Back to servers</Link>
        </p>
      </main>
    );
  }
  const data = server.data;
  if (!data)
    return (
      <main id="main">
        <p class="muted">Loading…</p>
      </main>
    );

  const select = (index: number) => {
    navigate(`/servers/${id}${TABS[index].path}`, { replace: true });
    tabRefs.current[index]?.focus();
  };
  const current = TABS.findIndex((t) => t.id === tab);
  return (
    <main id="main">
      <p class="crumbs">
        <Link href="/servers">Servers</Link> <span aria-hidden="true">/</span>
      </p>
      <div class="page-head">
        <PageTitle title={data.name}>{data.name}</PageTitle>
        <StatusBadge status={data.status} />
      </div>
      <div role="tablist" aria-label="Server" class="tabs">
        {TABS.map((t, index) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1}
            ref={(el) => void (tabRefs.current[index] = el)}
            onClick={() => select(index)}
            onKeyDown={(event) => {
              const moves: Record<string, number> = {
                ArrowRight: (current + 1) % TABS.length,
                ArrowLeft: (current - 1 + TABS.length) % TABS.length,
                Home: 0,
                End: TABS.length - 1,
              };
              if (event.key in moves) {
                event.preventDefault();
                select(moves[event.key]);
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="panel">
        {tab === 'overview' && <Overview server={data} onChanged={(s) => server.setData(s)} />}
        {tab === 'api-keys' && <ApiKeysPanel server={data} />}
        {tab === 'actions' && <ActionsPanel server={data} />}
        {tab === 'activity' && <ActivityLog label="Server activity" query={{ server: id }} />}
      </section>
    </main>
  );
}

function Overview({ server, onChanged }: { server: Server; onChanged: (server: Server) => void }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useAction();
  const agent = server.agent;
  return (
    <>
      <dl class="facts">
        <dt>Hostname</dt>
        <dd>{server.hostname ?? <span class="muted">Not set</span>}</dd>
        <dt>Description</dt>
        <dd>{server.description ?? <span class="muted">Not set</span>}</dd>
        <dt>Tags</dt>
        <dd>
          {server.tags.length === 0 && <span class="muted">None</span>}
          {server.tags.map((tag) => (
            <span class="tag" key={tag}>
              {tag}
            </span>
          ))}
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={server.status} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <When at={server.last_seen_at} />
        </dd>
        <dt>Created</dt>
        <dd>
          <When at={server.created_at} />
        </dd>
      </dl>
      <h2>Agent</h2>
      {agent ? (
        <dl class="facts">
          <dt>Version</dt>
          <dd>{agent.version ?? '—'}</dd>
          <dt>Hostname</dt>
          <dd>{agent.hostname ?? '—'}</dd>
          <dt>Operating system</dt>
          <dd>{[agent.os, agent.platform].filter(Boolean).join(' · ') || '—'}</dd>
          <dt>Connected</dt>
          <dd>
            <When at={agent.connected_at} />
          </dd>
          <dt>Address</dt>
          <dd>{agent.ip ?? '—'}</dd>
        </dl>
      ) : (
        <p class="muted">
          No agent connected. Create a key in the{' '}
          <Link href={`/servers/${server.id}/api-keys`}>API Keys</Link> tab and start the agent with
          it.
        </p>
      )}
      <div class="actions start">
        <button type="button" class="secondary" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" class="danger" onClick={() => setDeleting(true)}>
          Delete server
        </button>
      </div>
      {editing && (
        <ServerFormDialog
          title="Edit server"
          submit="Save"
          server={server}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            onChanged(saved);
            setEditing(false);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${server.name}?`}
          message="Its API keys are revoked and its agents disconnected. This cannot be undone."
          action="Delete"
          busy={remove.busy}
          error={remove.message}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            void remove.run(async () => {
              await authed(() =>
                api.DELETE('/api/v1/servers/{id}', { params: { path: { id: server.id } } }),
              ).catch((error: unknown) => {
                // Already gone is what was asked for.
                if (!(error instanceof ApiProblem && error.status === 404)) throw error;
              });
              navigate('/servers');
            })
          }
        />
      )}
    </>
  );
}
