import { api, type User } from '../api/client';
import { ListTable, Pager, SearchBox, useSearch } from '../components/lists';
import { Alert, PageTitle, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { authed } from '../session';

const PAGE = 50;

/** Admins only: every account, enable/disable, the admin flag. */
export function AdminUsersPage({ me }: { me: User }) {
  const { search, setSearch, query, offset, setOffset } = useSearch();
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
      <SearchBox label="Search users" value={search} onValue={setSearch} />
      {users.problem && <Alert>{users.problem.message}</Alert>}
      <Alert>{change.message}</Alert>
      {!data && !users.problem && <p class="muted">Loading…</p>}
      {data && data.items.length === 0 && <p class="empty">No user matches “{query}”.</p>}
      {data && data.items.length > 0 && (
        <ListTable
          label="Users"
          columns={['Username', 'Email', 'Status', 'Role', 'Created']}
          actions
          items={data.items}
          row={(user) => (
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
          )}
        />
      )}
      {data && <Pager offset={offset} total={data.total} page={PAGE} onOffset={setOffset} />}
    </main>
  );
}
