import { useEffect, useState } from 'preact/hooks';
import { api, type User } from '../api/client';
import { type AuditEvent, describeDevice, describeEvent, KINDS } from '../activity-words';
import { ListTable, LoadStatus, Pager } from '../components/lists';
import { Alert, PageTitle, When } from '../components/ui';
import { useLoad } from '../components/use-action';
import { authed } from '../session';

const PAGE = 25;

/** The Activity page: the caller's own security log; admins may see everyone's, by actor. */
export function ActivityPage({ user }: { user: User }) {
  const [everyone, setEveryone] = useState(false);
  const [actorName, setActorName] = useState('');
  const [actor, setActor] = useState<{ id?: string; missing?: string }>({});

  // An admin types a username; the log is filtered by that user's id once it is found.
  useEffect(() => {
    const name = actorName.trim();
    if (!name) return setActor({});
    const timer = setTimeout(() => {
      void authed(() =>
        api.GET('/api/v1/users', { params: { query: { search: name, limit: 100 } } }),
      ).then(
        (page) => {
          const found = page.items.find((u) => u.username.toLowerCase() === name.toLowerCase());
          setActor(found ? { id: found.id } : { missing: name });
        },
        () => setActor({ missing: name }),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [actorName]);

  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Activity">Activity</PageTitle>
      </div>
      <p class="muted">
        {everyone
          ? 'Everyone’s sign-ins, account changes, servers, keys and agents.'
          : 'Sign-ins, changes to your account, and what happened to your servers, keys and agents.'}
      </p>
      {user.is_admin && (
        <div class="toolbar filters">
          <label class="check">
            <input
              type="checkbox"
              checked={everyone}
              onChange={(event) => setEveryone(event.currentTarget.checked)}
            />{' '}
            Everyone’s activity
          </label>
          {everyone && (
            <label>
              Actor (username)
              <input
                type="search"
                name="actor"
                value={actorName}
                onInput={(event) => setActorName(event.currentTarget.value)}
              />
            </label>
          )}
        </div>
      )}
      {everyone && actor.missing ? (
        <p class="empty">No user is named “{actor.missing}”.</p>
      ) : (
        <ActivityLog
          label="Activity"
          query={everyone ? { all: true, ...(actor.id ? { actor: actor.id } : {}) } : {}}
          showActor={everyone}
        />
      )}
    </main>
  );
}

/** A paged, filterable list of audit events (the Activity page, a server's Activity tab). */
export function ActivityLog({
  label,
  query,
  showActor = false,
}: {
  label: string;
  query: { all?: boolean; actor?: string; server?: string };
  showActor?: boolean;
}) {
  const [kind, setKind] = useState('');
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify(query);
  useEffect(() => setOffset(0), [key, kind]);
  const events = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/audit', {
          params: { query: { limit: PAGE, offset, ...query, ...(kind ? { action: kind } : {}) } },
        }),
      ),
    [key, kind, offset],
  );
  const data = events.data;
  const columns = ['When', 'What', ...(showActor ? ['Who'] : []), 'From where', 'Device'];
  return (
    <>
      <div class="toolbar">
        <label>
          Kind of activity
          <select name="kind" value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadStatus load={events} />
      {data && data.items.length === 0 && <p class="empty">No activity to show.</p>}
      {data && data.items.length > 0 && (
        <ListTable
          label={label}
          columns={columns}
          items={data.items}
          row={(event: AuditEvent) => (
            <tr key={event.id} class={event.outcome === 'failure' ? 'failure' : undefined}>
              <td data-label="When">
                <When at={event.last_at} />
              </td>
              <td data-label="What">{describeEvent(event)}</td>
              {showActor && (
                <td data-label="Who">
                  {event.actor.username ?? (event.actor.type === 'system' ? 'System' : 'Unknown')}
                </td>
              )}
              <td data-label="From where">{event.ip ?? '—'}</td>
              <td data-label="Device" title={event.user_agent ?? undefined}>
                {describeDevice(event.user_agent)}
              </td>
            </tr>
          )}
        />
      )}
      {data && <Pager offset={offset} total={data.total} page={PAGE} onOffset={setOffset} />}
      {events.problem && events.problem.status === 403 && (
        <Alert>Only administrators can see everyone’s activity.</Alert>
      )}
    </>
  );
}
