import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type ApiKey, type ApiKeyCreated, type Server } from '../api/client';
import { DialogFooter, NameField } from '../components/forms';
import { ListTable, LoadStatus } from '../components/lists';
import { ConfirmDialog, Dialog, Field, StatusBadge, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { authed } from '../session';

const GRACE_PERIODS = [
  { seconds: 0, label: 'None — the old key stops working now' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
];

type Open =
  | { kind: 'create' }
  | { kind: 'revoke'; key: ApiKey }
  | { kind: 'rotate'; key: ApiKey }
  | undefined;

/** The API Keys tab: the ChatOps document's "Create API Key · Copy the key immediately" flow. */
export function ApiKeysPanel({ server }: { server: Server }) {
  const keys = useLoad(
    () =>
      authed(() =>
        api.GET('/api/v1/servers/{id}/api-keys', { params: { path: { id: server.id } } }),
      ),
    [server.id],
  );
  const [open, setOpen] = useState<Open>();
  const close = () => setOpen(undefined);
  const closeAndReload = () => {
    setOpen(undefined);
    keys.reload();
  };
  const items = keys.data?.items;

  return (
    <>
      <div class="panel-head">
        <p class="muted">
          An agent authenticates with one of these keys. A key is shown once, when it is created.
        </p>
        <button type="button" onClick={() => setOpen({ kind: 'create' })}>
          Create API Key
        </button>
      </div>
      <LoadStatus load={keys} />
      {items && items.length === 0 && (
        <div class="empty">
          <p>No API keys yet — Create API Key</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ListTable
          label="API keys"
          columns={['Name', 'Prefix', 'Status', 'Created', 'Expires', 'Last used']}
          actions
          items={items}
          row={(key) => (
            <tr key={key.id}>
              <td data-label="Name">{key.name}</td>
              <td data-label="Prefix">
                <code>{key.prefix}…</code>
              </td>
              <td data-label="Status">
                <StatusBadge status={key.status} />
              </td>
              <td data-label="Created">
                <When at={key.created_at} />
              </td>
              <td data-label="Expires">
                <When at={key.expires_at} empty="Never" />
              </td>
              <td data-label="Last used">
                <When at={key.last_used_at} />
              </td>
              <td class="row-actions">
                {key.status === 'active' && (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setOpen({ kind: 'rotate', key })}
                    >
                      Rotate
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => setOpen({ kind: 'revoke', key })}
                    >
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          )}
        />
      )}
      {open?.kind === 'create' && (
        <CreateKeyDialog server={server} onCreated={keys.reload} onClose={closeAndReload} />
      )}
      {open?.kind === 'rotate' && (
        <RotateKeyDialog
          server={server}
          apiKey={open.key}
          onRotated={keys.reload}
          onClose={closeAndReload}
        />
      )}
      {open?.kind === 'revoke' && (
        <RevokeKeyDialog
          server={server}
          apiKey={open.key}
          onClose={close}
          onRevoked={closeAndReload}
        />
      )}
    </>
  );
}

/**
 * The secret, once: a Copy button and the warning; Done closes the dialog and the key leaves the
 * page with it (it lives in this component's state only, never in storage).
 */
function KeyOnce({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = useRef<HTMLButtonElement>(null);
  // The same dialog turns from the form into this view: focus goes to Copy, the next thing to do.
  useEffect(() => copy.current?.focus(), []);
  return (
    <>
      <p class="warning" role="note">
        <strong>Copy the key now.</strong> You won't be able to see this key again.
      </p>
      <label class="key-label" for="new-api-key">
        API key “{created.name}”
      </label>
      <div class="key-box">
        <input id="new-api-key" class="key" readOnly value={created.key} spellcheck={false} />
        <button
          type="button"
          ref={copy}
          onClick={() =>
            navigator.clipboard.writeText(created.key).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          Copy
        </button>
      </div>
      <p class="copy-status" role="status">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy: select the key and copy it by hand.'}
      </p>
      <p class="muted">
        Start the agent with it, e.g.{' '}
        <code>CHATOPS_API_KEY=… npm run agent -- --url {location.origin}</code>
      </p>
      <div class="actions">
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </>
  );
}

/**
 * The dialog's second view, once a key exists: called (not rendered as a component of its own), so
 * that the same Dialog stays mounted and focus still returns to what opened it.
 */
const keyOnceView = (created: ApiKeyCreated, onClose: () => void) => (
  <Dialog title="Your new API key" onClose={onClose} class="key-dialog">
    <KeyOnce created={created} onDone={onClose} />
  </Dialog>
);

function CreateKeyDialog({
  server,
  onCreated,
  onClose,
}: {
  server: Server;
  onCreated: () => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<ApiKeyCreated | undefined>();
  const action = useAction();
  if (created) return keyOnceView(created, onClose);
  return (
    <Dialog title="Create API Key" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const key = await authed(() =>
              api.POST('/api/v1/servers/{id}/api-keys', {
                params: { path: { id: server.id } },
                body: {
                  name,
                  // The end of the chosen day, in the user's time zone.
                  ...(expires ? { expires_at: new Date(`${expires}T23:59:59`).toISOString() } : {}),
                },
              }),
            );
            setCreated(key);
            onCreated();
          });
        }}
      >
        <NameField
          value={name}
          onValue={setName}
          error={action.fields.name}
          hint="For people, e.g. the agent's host."
        />
        <Field
          label="Expires (optional)"
          name="expires_at"
          type="date"
          value={expires}
          onValue={setExpires}
          hint="Leave empty for a key that does not expire."
          error={action.fields.expires_at}
        />
        <DialogFooter action={action} submit="Create" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function RotateKeyDialog({
  server,
  apiKey,
  onRotated,
  onClose,
}: {
  server: Server;
  apiKey: ApiKey;
  onRotated: () => void;
  onClose: () => void;
}) {
  const [grace, setGrace] = useState(0);
  const [created, setCreated] = useState<ApiKeyCreated | undefined>();
  const action = useAction();
  if (created) return keyOnceView(created, onClose);
  return (
    <Dialog title={`Rotate “${apiKey.name}”`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const key = await authed(() =>
              api.POST('/api/v1/servers/{id}/api-keys/{key_id}/rotate', {
                params: { path: { id: server.id, key_id: apiKey.id } },
                body: { grace_period_seconds: grace },
              }),
            );
            setCreated(key);
            onRotated();
          });
        }}
      >
        <p>
          A new key replaces this one. Agents using the old key keep working for the grace period.
        </p>
        <div class="field">
          <label for="grace-period">Grace period</label>
          <select
            id="grace-period"
            value={String(grace)}
            onChange={(event) => setGrace(Number(event.currentTarget.value))}
          >
            {GRACE_PERIODS.map((period) => (
              <option key={period.seconds} value={String(period.seconds)}>
                {period.label}
              </option>
            ))}
          </select>
        </div>
        <DialogFooter action={action} submit="Rotate" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function RevokeKeyDialog({
  server,
  apiKey,
  onClose,
  onRevoked,
}: {
  server: Server;
  apiKey: ApiKey;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const action = useAction();
  return (
    <ConfirmDialog
      title={`Revoke “${apiKey.name}”?`}
      message="Agents using this key are disconnected at once, and it cannot be used again."
      action="Revoke"
      busy={action.busy}
      error={action.message}
      onClose={onClose}
      onConfirm={() =>
        void action
          .run(() =>
            authed(() =>
              api.DELETE('/api/v1/servers/{id}/api-keys/{key_id}', {
                params: { path: { id: server.id, key_id: apiKey.id } },
              }),
            ),
          )
          .then((done) => done && onRevoked())
      }
    />
  );
}
