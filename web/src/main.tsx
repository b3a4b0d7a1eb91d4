import { Component, type ComponentChildren, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { Link, PageTitle } from './components/ui';
import { startLive, stopLive } from './live';
import { AccountPage } from './pages/account';
import { ActivityPage } from './pages/activity';
import {
  ConfirmEmailPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  VerifyBanner,
  VerifyEmailPage,
} from './pages/account-links';
import { AdminUsersPage } from './pages/admin-users';
import { SignInPage, SignUpPage } from './pages/auth';
import { ServerPage } from './pages/server';
import { ServersPage } from './pages/servers';
import { match, navigate, usePath } from './router';
import { getSession, onSessionChange, restoreSession, type SessionState, signOut } from './session';
import type { User } from './api/client';

/** A render error shows words and a way out, never a blank page. */
class ErrorBoundary extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main" class="auth">
        <div class="auth-card">
          <h1>Something went wrong</h1>
          <p>The page could not be shown. Reloading usually helps.</p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}

function useSession(): SessionState {
  const [session, setSession] = useState(getSession());
  useEffect(() => onSessionChange(() => setSession(getSession())), []);
  return session;
}

function Header({ user, path }: { user: User; path: string }) {
  const current = (prefix: string) => (path.startsWith(prefix) ? 'page' : undefined);
  return (
    <header class="top">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Link href="/servers" class="brand">
        ChatOps
      </Link>
      <nav aria-label="Main">
        <Link href="/servers" aria-current={current('/servers')}>
          Servers
        </Link>
        {user.is_admin && (
          <Link href="/admin/users" aria-current={current('/admin')}>
            Users
          </Link>
        )}
        <Link href="/activity" aria-current={current('/activity')}>
          Activity
        </Link>
        <Link href="/account" aria-current={current('/account')}>
          Account
        </Link>
      </nav>
      <span class="who" title={user.email}>
        {user.username}
      </span>
      <button
        type="button"
        class="secondary"
        onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
      >
        Sign out
      </button>
    </header>
  );
}

function NotFound() {
  return (
    <main id="main">
      <PageTitle title="Not found">Page not found</PageTitle>
      <p>
        Nothing lives at this address. <Link href="/servers">Go to your servers</Link>.
      </p>
    </main>
  );
}

function SignedIn({ user, path }: { user: User; path: string }) {
  let page;
  let params: Record<string, string> | undefined;
  if (path === '/servers' || path === '/servers/') page = <ServersPage />;
  else if ((params = match('/servers/:id', path)))
    page = <ServerPage id={params.id} tab="overview" />;
  else if ((params = match('/servers/:id/api-keys', path)))
    page = <ServerPage id={params.id} tab="api-keys" />;
  else if ((params = match('/servers/:id/activity', path)))
    page = <ServerPage id={params.id} tab="activity" />;
  else if (path === '/activity') page = <ActivityPage user={user} />;
  else if ((params = match('/servers/:id/actions', path)))
    page = <ServerPage id={params.id} tab="actions" />;
  else if (path === '/account') page = <AccountPage user={user} />;
  else if (path === '/confirm-email') page = <ConfirmEmailPage />;
  else if (path === '/admin/users')
    page = user.is_admin ? (
      <AdminUsersPage me={user} />
    ) : (
      <main id="main">
        <PageTitle title="Users">Users</PageTitle>
        <p>Only administrators can see this page.</p>
      </main>
    );
  else page = <NotFound />;
  return (
    <>
      <Header user={user} path={path} />
      {!user.email_verified && <VerifyBanner email={user.email} />}
      {page}
    </>
  );
}

/** Pages a mailed link (or "Forgot password?") opens: shown signed in or not. */
const LINK_PAGES: Record<string, () => preact.JSX.Element> = {
  '/forgot-password': () => <ForgotPasswordPage />,
  '/reset-password': () => <ResetPasswordPage />,
  '/verify-email': () => <VerifyEmailPage />,
};

function App() {
  const session = useSession();
  const path = usePath();
  const signedIn = session.status === 'signed-in';

  useEffect(() => {
    void restoreSession();
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    startLive();
    return stopLive;
  }, [signedIn]);

  // Where each state may be: the auth pages when signed out, the rest when signed in. The pages
  // mailed links open work either way; a confirmation link asks a signed-out visitor to sign in
  // first, on the spot (its token is kept in memory: link-token.ts).
  const authPage = path === '/login' || path === '/signup';
  const linkPage = LINK_PAGES[path];
  const signInFirst = path === '/confirm-email';
  useEffect(() => {
    if (session.status === 'signed-out' && !authPage && !linkPage && !signInFirst)
      navigate('/login', { replace: true });
    if (signedIn && (authPage || path === '/')) navigate('/servers', { replace: true });
  }, [session.status, path]);

  if (session.status === 'loading') {
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  }
  if (linkPage) return linkPage();
  if (session.status === 'signed-out') {
    if (signInFirst) {
      return (
        <SignInPage notice="Sign in to confirm your new email address." next="/confirm-email" />
      );
    }
    return path === '/signup' ? <SignUpPage /> : <SignInPage notice={session.notice} />;
  }
  return <SignedIn user={session.user} path={path} />;
}

render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
  document.getElementById('app')!,
);
