import { useEffect, useState } from 'preact/hooks';
import { api, type User } from '../api/client';
import { Alert, PageTitle, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { authed } from '../session';

const PAGE = 50;

/** Admins only: every account, enable/disable, the admin flag. */
export function AdminUsersPage({ me }: { me: User }) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/users', {
          params: { query: { limit: PAGE, offset, ...(query ? { search: query } : {}) } },
        }),
      ),
    [query, offset],
  );
  const change = useAction();

  const update = (user: User, body: { is_active?: boolean; is_admin?: boolean }) =>
    void change.run(async () => {
      const updated = await authed(() =>
        api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }),
      );
      users.setData(
        (page) =>
          page && { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) },
      );
    });

  const data = users.data;
  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Users">Users</PageTitle>
      </div>
      <div class="toolbar">
        <label class="search">
          <span class="visually-hidden">Search users</span>
          <input
            type="search"
            placeholder="Search users"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
      </div>
      {users.problem && <Alert>{users.problem.message}</Alert>}
      <Alert>{change.message}</Alert>
      {!data && !users.problem && <p class="muted">Loading…</p>}
      {data && data.items.length === 0 && <p class="empty">No user matches “{query}”.</p>}
      {data && data.items.length > 0 && (
        <table class="list" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((user) => (
              <tr key={user.id}>
                <td data-label="Username">
                  {user.username}
                  {user.id === me.id && <span class="muted small"> (you)</span>}
                  {user.full_name && <div class="muted small">{user.full_name}</div>}
                </td>
                <td data-label="Email">{user.email}</td>
                <td data-label="Status">
                  <StatusBadge status={user.is_active ? 'active' : 'disabled'} />
                </td>
                <td data-label="Role">{user.is_admin ? 'Admin' : 'User'}</td>
                <td data-label="Created">
                  <When at={user.created_at} />
                </td>
                <td class="row-actions">
                  <button
                    type="button"
                    class={user.is_active ? 'danger' : 'secondary'}
                    disabled={change.busy || user.id === me.id}
                    onClick={() => update(user, { is_active: !user.is_active })}
                  >
                    {user.is_active ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    disabled={change.busy}
                    onClick={() => update(user, { is_admin: !user.is_admin })}
                  >
                    {user.is_admin ? 'Remove admin' : 'Make admin'}
                  </button>
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
    </main>
  );
}
