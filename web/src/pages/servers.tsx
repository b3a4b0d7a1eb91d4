import { useEffect, useState } from 'preact/hooks';
import { api, type Server } from '../api/client';
import { Alert, Dialog, Field, Link, PageTitle, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { onLiveConnect, onServerStatus } from '../live';
import { navigate } from '../router';
import { authed } from '../session';

const PAGE = 20;

export const tagList = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

export function ServersPage() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [adding, setAdding] = useState(false);

  // Search as the user types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const page = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/servers', {
          params: { query: { limit: PAGE, offset, ...(query ? { search: query } : {}) } },
        }),
      ),
    [query, offset],
  );

  // Live status: patch the row in place; after a reconnection, reload (events may have been missed).
  useEffect(() => {
    const offStatus = onServerStatus((event) =>
      page.setData(
        (current) =>
          current && {
            ...current,
            items: current.items.map((server) =>
              server.id === event.server_id
                ? { ...server, status: event.status, last_seen_at: event.last_seen_at }
                : server,
            ),
          },
      ),
    );
    const offConnect = onLiveConnect(page.reload);
    return () => {
      offStatus();
      offConnect();
    };
  }, []);

  const data = page.data;
  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Servers">Servers</PageTitle>
        <button type="button" onClick={() => setAdding(true)}>
          Add server
        </button>
      </div>
      <div class="toolbar">
        <label class="search">
          <span class="visually-hidden">Search servers</span>
          <input
            type="search"
            placeholder="Search servers"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
      </div>
      {page.problem && (
        <Alert>
          {page.problem.message}{' '}
          <button type="button" class="link" onClick={page.reload}>
            Try again
          </button>
        </Alert>
      )}
      {!data && !page.problem && <p class="muted">Loading…</p>}
      {data && data.total === 0 && !query && (
        <div class="empty">
          <p>No servers yet — Add server</p>
          <p class="muted">
            Add the machine an agent will run on, then create an API key for it in its API Keys tab.
          </p>
        </div>
      )}
      {data && data.total === 0 && query && <p class="empty">No server matches “{query}”.</p>}
      {data && data.items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Hostname</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((server) => (
              <tr key={server.id}>
                <td data-label="Name">
                  <Link href={`/servers/${server.id}`}>{server.name}</Link>
                </td>
                <td data-label="Hostname">{server.hostname ?? <span class="muted">—</span>}</td>
                <td data-label="Status">
                  <StatusBadge status={server.status} />
                </td>
                <td data-label="Last seen">
                  <When at={server.last_seen_at} />
                </td>
                <td data-label="Tags">
                  {server.tags.map((tag) => (
                    <span class="tag" key={tag}>
                      {tag}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > PAGE && (
        <nav class="pager" aria-label="Pages">
          <button
            type="button"
            class="secondary"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous
          </button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE, data.total)} of {data.total}
          </span>
          <button
            type="button"
            class="secondary"
            disabled={offset + PAGE >= data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </button>
        </nav>
      )}
      {adding && (
        <ServerFormDialog
          title="Add server"
          submit="Add server"
          onClose={() => setAdding(false)}
          onSaved={(server) => navigate(`/servers/${server.id}`)}
        />
      )}
    </main>
  );
}

/** Add or edit a server: Name, and optionally Hostname, Description and Tags. */
export function ServerFormDialog({
  title,
  submit,
  server,
  onClose,
  onSaved,
}: {
  title: string;
  submit: string;
  server?: Server;
  onClose: () => void;
  onSaved: (server: Server) => void;
}) {
  const [name, setName] = useState(server?.name ?? '');
  const [hostname, setHostname] = useState(server?.hostname ?? '');
  const [description, setDescription] = useState(server?.description ?? '');
  const [tags, setTags] = useState(server?.tags.join(', ') ?? '');
  const action = useAction();
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const body = {
              name,
              hostname: hostname.trim() || null,
              description: description.trim() || null,
              tags: tagList(tags),
            };
            const saved = server
              ? await authed(() =>
                  api.PATCH('/api/v1/servers/{id}', { params: { path: { id: server.id } }, body }),
                )
              : await authed(() =>
                  api.POST('/api/v1/servers', {
                    body: {
                      name,
                      ...(body.hostname ? { hostname: body.hostname } : {}),
                      ...(body.description ? { description: body.description } : {}),
                      tags: body.tags,
                    },
                  }),
                );
            onSaved(saved);
          });
        }}
      >
        <Field
          label="Name"
          name="name"
          required
          value={name}
          onValue={setName}
          error={action.fields.name}
        />
        <Field
          label="Hostname (optional)"
          name="hostname"
          value={hostname}
          onValue={setHostname}
          error={action.fields.hostname}
        />
        <Field
          label="Description (optional)"
          name="description"
          value={description}
          onValue={setDescription}
          error={action.fields.description}
        />
        <Field
          label="Tags (optional)"
          name="tags"
          value={tags}
          onValue={setTags}
          hint="Separated by commas, e.g. prod, eu-west-1"
          error={
            Object.entries(action.fields).find(([key]) => key === 'tags' || /^\d+$/.test(key))?.[1]
          }
        />
        <Alert>{action.message}</Alert>
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={action.busy}>
            {submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
