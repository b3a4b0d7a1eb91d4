import { useState } from 'preact/hooks';
import { api, type Session, type User } from '../api/client';
import { AccountFields, FormFooter } from '../components/forms';
import { PasswordRules } from '../components/password-rules';
import { Alert, ConfirmDialog, Dialog, Field, PageTitle, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { navigate } from '../router';
import { accountDeleted, authed, signOut, updateUser } from '../session';
import { Security } from './security';

export function AccountPage({ user }: { user: User }) {
  // A password change ends the other sessions: the list is loaded again after one.
  const [changes, setChanges] = useState(0);
  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Account">Account</PageTitle>
      </div>
      <Profile user={user} />
      <ChangeEmail user={user} />
      <ChangePassword user={user} onChanged={() => setChanges((n) => n + 1)} />
      <Security />
      <Sessions changes={changes} />
      <DeleteAccount user={user} />
    </main>
  );
}

function Profile({ user }: { user: User }) {
  const [fullName, setFullName] = useState(user.full_name ?? '');
  const [username, setUsername] = useState(user.username);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  return (
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          void action.run(async () => {
            const updated = await authed(() =>
              api.PATCH('/api/v1/users/me', {
                body: { full_name: fullName.trim() || null, username },
              }),
            );
            updateUser(updated);
            setSaved(true);
          });
        }}
      >
        <AccountFields.FullName
          label="Full name"
          value={fullName}
          onValue={setFullName}
          error={action.fields.full_name}
        />
        <AccountFields.Username
          value={username}
          onValue={setUsername}
          error={action.fields.username}
        />
        <FormFooter action={action} submit="Save profile" notice={saved && 'Profile saved.'} />
      </form>
    </section>
  );
}

/** A new address takes effect once the link mailed to it is opened (API.md §10). */
function ChangeEmail({ user }: { user: User }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState<string>();
  const action = useAction();
  return (
    <section class="card" aria-labelledby="email-title">
      <h2 id="email-title">Change email</h2>
      <p class="muted">
        Now: {user.email}
        {user.email_verified ? ' (verified)' : ' (not verified yet)'}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPending(undefined);
          void action.run(async () => {
            const answer = await authed(() =>
              api.PATCH('/api/v1/users/me', { body: { email, current_password: password } }),
            );
            setPassword('');
            setPending('pending_email' in answer ? answer.pending_email : undefined);
          });
        }}
      >
        <Field
          label="New email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onValue={setEmail}
          error={action.fields.email}
        />
        <AccountFields.Password
          label="Current password"
          name="current_password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={action.fields.current_password}
        />
        <FormFooter
          action={action}
          submit="Change email"
          notice={
            pending &&
            `We sent a link to ${pending}. Your address changes when you open it; until then it stays ${user.email}.`
          }
        />
      </form>
    </section>
  );
}

/** Deleting the account: typed confirmation (the username) and the password. */
function DeleteAccount({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const close = () => (setOpen(false), setTyped(''), setPassword(''), action.clear());
  return (
    <section class="card" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete account</h2>
      <p class="muted">
        Deletes your account, its sessions and every server of it with their API keys (their agents
        are disconnected). This cannot be undone.
      </p>
      <button type="button" class="danger" onClick={() => setOpen(true)}>
        Delete account
      </button>
      {open && (
        <Dialog title="Delete your account?" onClose={close}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(async () => {
                await authed(() => api.DELETE('/api/v1/users/me', { body: { password } }));
                accountDeleted();
                navigate('/login', { replace: true });
              });
            }}
          >
            <p>
              Type your username, <strong>{user.username}</strong>, to confirm.
            </p>
            <Field
              label="Username"
              name="confirm_username"
              autoComplete="off"
              required
              value={typed}
              onValue={setTyped}
            />
            <AccountFields.Password
              label="Password"
              name="password"
              autoComplete="current-password"
              value={password}
              onValue={setPassword}
              error={action.fields.password}
            />
            <Alert>{action.message}</Alert>
            <div class="actions">
              <button type="button" class="secondary" onClick={close}>
                Cancel
              </button>
              <button
                type="submit"
                class="danger"
                disabled={action.busy || typed !== user.username}
              >
                Delete account
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </section>
  );
}

function ChangePassword({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone(false);
          void action.run(async () => {
            await authed(() =>
              api.POST('/api/v1/users/me/password', {
                body: { current_password: current, new_password: next },
              }),
            );
            setCurrent('');
            setNext('');
            setDone(true);
            onChanged();
          });
        }}
      >
        <AccountFields.Password
          label="Current password"
          name="current_password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          error={action.fields.current_password}
        />
        <AccountFields.Password
          label="New password"
          name="new_password"
          autoComplete="new-password"
          value={next}
          onValue={setNext}
          hint={<PasswordRules password={next} username={user.username} email={user.email} />}
          error={action.fields.new_password}
        />
        <FormFooter
          action={action}
          submit="Change password"
          notice={done && 'Password changed. Your other sessions were signed out.'}
        />
      </form>
    </section>
  );
}

/** "Chrome on Linux" from a user agent, for people; the full string is in the title. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const pick = (names: [RegExp, string][]) => names.find(([test]) => test.test(userAgent))?.[1];
  const browser =
    pick([
      [/Edg\//, 'Edge'],
      [/Firefox\//, 'Firefox'],
      [/Chrome\/|HeadlessChrome/, 'Chrome'],
      [/Safari\//, 'Safari'],
      [/curl\//, 'curl'],
    ]) ?? 'Browser';
  const os = pick([
    [/Android/, 'Android'],
    [/iPhone|iPad/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X/, 'macOS'],
    [/Linux/, 'Linux'],
  ]);
  return os ? `${browser} on ${os}` : browser;
}

/** How a session was established (its `auth_method`), in words. */
const SIGNED_IN_WITH: Record<Session['auth_method'], string> = {
  password: 'with a password',
  'password+totp': 'with a password and an authenticator code',
  'password+recovery_code': 'with a password and a recovery code',
  'password+passkey': 'with a password and a passkey',
  passkey: 'with a passkey',
};

function Sessions({ changes }: { changes: number }) {
  const sessions = useLoad(() => authed(() => api.GET('/api/v1/auth/sessions')), [changes]);
  const revoke = useAction();
  const everywhere = useAction();
  const [confirming, setConfirming] = useState(false);
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <p class="muted">Where you are signed in. Revoking a session signs that device out.</p>
      {sessions.problem && <Alert>{sessions.problem.message}</Alert>}
      <Alert>{revoke.message}</Alert>
      {sessions.data && (
        <ul class="sessions">
          {sessions.data.items.map((session) => (
            <li key={session.id}>
              <div>
                <strong title={session.user_agent ?? undefined}>
                  {deviceName(session.user_agent)}
                </strong>
                {session.current && <span class="badge badge-current">this device</span>}
                <div class="muted small">
                  {session.ip ?? 'unknown address'} · signed in <When at={session.created_at} />{' '}
                  {SIGNED_IN_WITH[session.auth_method]} · last used{' '}
                  <When at={session.last_used_at} />
                </div>
              </div>
              {!session.current && (
                <button
                  type="button"
                  class="secondary"
                  disabled={revoke.busy}
                  onClick={() =>
                    void revoke
                      .run(() =>
                        authed(() =>
                          api.DELETE('/api/v1/auth/sessions/{id}', {
                            params: { path: { id: session.id } },
                          }),
                        ),
                      )
                      .then(sessions.reload)
                  }
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="danger" onClick={() => setConfirming(true)}>
        Sign out everywhere
      </button>
      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere?"
          message="Every session ends, this one included: you will sign in again on each device."
          action="Sign out everywhere"
          busy={everywhere.busy}
          error={everywhere.message}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            void everywhere.run(async () => {
              await signOut(true);
              navigate('/login', { replace: true });
            })
          }
        />
      )}
    </section>
  );
}
