import { useEffect, useState } from 'preact/hooks';
import { api, toProblem } from '../api/client';
import { AccountFields, FormFooter } from '../components/forms';
import { PasswordRules } from '../components/password-rules';
import { Alert, Link, PageTitle } from '../components/ui';
import { useAction } from '../components/use-action';
import { linkToken } from '../link-token';
import { authed, getSession, reloadUser, updateUser } from '../session';
import { AuthFrame } from './auth';

/** The API's answer for an unknown, used, voided or expired link. */
const INVALID_LINK = 'Invalid or expired link';

const EXPIRED =
  'This link has expired or was already used (each link works once, and a newer one replaces it).';

/** Throws the API's problem unless the call succeeded; answers its data. */
async function call<D>(
  run: () => Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<D> {
  const result = await run().catch(() => undefined);
  if (!result?.response.ok) throw toProblem(result?.response, result?.error);
  return result.data as D;
}

/** "Send a new link": an address, and the same answer whatever it is. */
function SendLinkForm({
  submit,
  send,
}: {
  submit: string;
  send: (email: string) => Promise<string>;
}) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string>();
  const action = useAction();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSent(undefined);
        void action.run(async () => setSent(await send(email)));
      }}
    >
      <AccountFields.Email value={email} onValue={setEmail} error={action.fields.email} />
      <FormFooter action={action} submit={submit} notice={sent} />
    </form>
  );
}

const sendReset = async (email: string) =>
  (await call(() => api.POST('/api/v1/auth/password-reset', { body: { email } }))).detail;

const sendVerification = async (email: string) =>
  (await call(() => api.POST('/api/v1/auth/verify-email/resend', { body: { email } }))).detail;

export function ForgotPasswordPage() {
  return (
    <AuthFrame>
      <PageTitle title="Forgot password">Forgot your password?</PageTitle>
      <p>Enter the address of your account: we will mail you a link to choose a new password.</p>
      <SendLinkForm submit="Send reset link" send={sendReset} />
      <p class="switch">
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const token = linkToken('/reset-password');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [expired, setExpired] = useState(!token);
  const action = useAction();
  const mismatch = confirm !== '' && confirm !== password ? 'Passwords do not match.' : undefined;
  return (
    <AuthFrame>
      <PageTitle title="Reset password">Choose a new password</PageTitle>
      {done ? (
        <>
          <Alert kind="info">
            Your password was changed and every session was signed out. Sign in with your new
            password.
          </Alert>
          <Link href="/login">Sign in</Link>
        </>
      ) : expired ? (
        <>
          <Alert>{EXPIRED}</Alert>
          <p>Send yourself a new link:</p>
          <SendLinkForm submit="Send a new link" send={sendReset} />
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (mismatch) return;
            void action.run(async () => {
              try {
                await call(() =>
                  api.POST('/api/v1/auth/password-reset/confirm', {
                    body: { token: token!, new_password: password },
                  }),
                );
                setDone(true);
              } catch (problem) {
                if ((problem as Error).message === `${INVALID_LINK}.`) setExpired(true);
                else throw problem;
              }
            });
          }}
        >
          <AccountFields.Password
            label="New password"
            name="new_password"
            autoComplete="new-password"
            value={password}
            onValue={setPassword}
            hint={<PasswordRules password={password} username="" email="" />}
            error={action.fields.new_password}
          />
          <AccountFields.Password
            label="Confirm new password"
            name="password_confirm"
            autoComplete="new-password"
            value={confirm}
            onValue={setConfirm}
            error={mismatch}
          />
          <FormFooter action={action} submit="Set new password" />
        </form>
      )}
    </AuthFrame>
  );
}

export function VerifyEmailPage() {
  const token = linkToken('/verify-email');
  const [state, setState] = useState<'checking' | 'verified' | 'expired' | 'failed' | 'none'>(
    token ? 'checking' : 'none',
  );
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (!token) return;
    call(() => api.POST('/api/v1/auth/verify-email', { body: { token } })).then(
      async () => {
        setState('verified');
        if (getSession().status === 'signed-in') await reloadUser().catch(() => undefined);
      },
      (error: Error) => {
        if (error.message === `${INVALID_LINK}.`) setState('expired');
        else {
          setState('failed');
          setProblem(error.message);
        }
      },
    );
  }, []);
  const signedIn = getSession().status === 'signed-in';
  return (
    <AuthFrame>
      <PageTitle title="Verify email">Verify your email</PageTitle>
      {state === 'checking' && <p role="status">Checking your link…</p>}
      {state === 'verified' && (
        <>
          <Alert kind="info">Your email address is verified. Thank you!</Alert>
          <Link href={signedIn ? '/servers' : '/login'}>
            {signedIn ? 'Go to your servers' : 'Sign in'}
          </Link>
        </>
      )}
      {state === 'failed' && <Alert>{problem}</Alert>}
      {(state === 'expired' || state === 'none') && (
        <>
          {state === 'expired' && <Alert>{EXPIRED}</Alert>}
          <p>Send a new verification link to your address:</p>
          <SendLinkForm submit="Send a new link" send={sendVerification} />
        </>
      )}
    </AuthFrame>
  );
}

/** Opened from the link sent to a new address; the account that asked must be signed in. */
export function ConfirmEmailPage() {
  const token = linkToken('/confirm-email');
  const [state, setState] = useState<'checking' | 'done' | 'expired' | 'failed'>(
    token ? 'checking' : 'expired',
  );
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    if (!token) return;
    authed(() => api.POST('/api/v1/users/me/email/confirm', { body: { token } })).then(
      (user) => {
        updateUser(user);
        setState('done');
        setMessage(`Your account now uses ${user.email}.`);
      },
      (error: Error) => {
        if (error.message === `${INVALID_LINK}.`) setState('expired');
        else {
          setState('failed');
          setMessage(error.message);
        }
      },
    );
  }, []);
  return (
    <main id="main">
      <PageTitle title="Confirm email">Confirm your new email</PageTitle>
      {state === 'checking' && <p role="status">Checking your link…</p>}
      {state === 'done' && <Alert kind="info">{message}</Alert>}
      {state === 'failed' && <Alert>{message}</Alert>}
      {state === 'expired' && (
        <Alert>
          {EXPIRED} Ask for the change again on your <Link href="/account">Account</Link> page.
        </Alert>
      )}
      {state !== 'checking' && (
        <p>
          <Link href="/account">Back to your account</Link>
        </p>
      )}
    </main>
  );
}

/** Shown above every signed-in page until the address is verified. */
export function VerifyBanner({ email }: { email: string }) {
  const [sent, setSent] = useState<string>();
  const action = useAction();
  return (
    <div class="banner" role="region" aria-label="Verify your email">
      <span>
        <strong>Verify your email.</strong> We sent a link to {email}.
      </span>
      <button
        type="button"
        class="secondary"
        disabled={action.busy || action.waiting > 0}
        onClick={() =>
          void action.run(async () => {
            setSent(await sendVerification(email));
          })
        }
      >
        Resend
      </button>
      {sent && <span role="status">{sent}.</span>}
      {action.message && <span role="alert">{action.message}</span>}
    </div>
  );
}
