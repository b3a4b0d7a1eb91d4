import { useState } from 'preact/hooks';
import { api, type User } from '../api/client';
import { PasswordRules } from '../components/password-rules';
import { Alert, ConfirmDialog, Field, PageTitle, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { navigate } from '../router';
import { authed, signOut, updateUser } from '../session';

export function AccountPage({ user }: { user: User }) {
  // A password change ends the other sessions: the list is loaded again after one.
  const [changes, setChanges] = useState(0);
  return (
    <main id="main">
      <div class="page-head">
        <PageTitle title="Account">Account</PageTitle>
      </div>
      <Profile user={user} />
      <ChangePassword user={user} onChanged={() => setChanges((n) => n + 1)} />
      <Sessions changes={changes} />
    </main>
  );
}

function Profile({ user }: { user: User }) {
  const [fullName, setFullName] = useState(user.full_name ?? '');
  const [email, setEmail] = useState(user.email);
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
                body: { full_name: fullName.trim() || null, email, username },
              }),
            );
            updateUser(updated);
            setSaved(true);
          });
        }}
      >
        <Field
          label="Full name"
          name="full_name"
          autoComplete="name"
          value={fullName}
          onValue={setFullName}
          error={action.fields.full_name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onValue={setEmail}
          error={action.fields.email}
        />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onValue={setUsername}
          error={action.fields.username}
        />
        <Alert>{action.message}</Alert>
        <Alert kind="info">{saved && 'Profile saved.'}</Alert>
        <button type="submit" disabled={action.busy}>
          Save profile
        </button>
      </form>
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
        <Field
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={action.fields.current_password}
        />
        <Field
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onValue={setNext}
          hint={<PasswordRules password={next} username={user.username} email={user.email} />}
          error={action.fields.new_password}
        />
        <Alert>{action.message}</Alert>
        <Alert kind="info">
          {done && 'Password changed. Your other sessions were signed out.'}
        </Alert>
        <button type="submit" disabled={action.busy || action.waiting > 0}>
          Change password
        </button>
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
                  {session.ip ?? 'unknown address'} · signed in <When at={session.created_at} /> ·
                  last used <When at={session.last_used_at} />
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
