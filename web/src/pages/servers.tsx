import { useEffect, useState } from 'preact/hooks';
import { api, type Server } from '../api/client';
import { DialogFooter, NameField } from '../components/forms';
import { ListTable, LoadStatus, Pager, SearchBox, useSearch } from '../components/lists';
import { Dialog, Field, Link, PageTitle, StatusBadge, When } from '../components/ui';
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
  const { search, setSearch, query, offset, setOffset } = useSearch();
  const [adding, setAdding] = useState(false);

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
      <SearchBox label="Search servers" value={search} onValue={setSearch} />
      <LoadStatus load={page} />
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
        <ListTable
          columns={['Name', 'Hostname', 'Status', 'Last seen', 'Tags']}
          items={data.items}
          row={(server) => (
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
          )}
        />
      )}
      {data && <Pager offset={offset} total={data.total} page={PAGE} onOffset={setOffset} />}
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
        <NameField value={name} onValue={setName} error={action.fields.name} />
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
        <DialogFooter action={action} submit={submit} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
