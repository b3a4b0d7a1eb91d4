import { useState } from 'preact/hooks';
import { AccountFields, FormFooter } from '../components/forms';
import { PasswordRules } from '../components/password-rules';
import { Alert, Field, Link, PageTitle } from '../components/ui';
import { useAction } from '../components/use-action';
import { navigate } from '../router';
import {
  completeSignIn,
  type SecondFactorStep,
  signIn,
  signInWithPasskey,
  signUp,
} from '../session';

export function AuthFrame({ children }: { children: preact.ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <p class="brand-large" aria-hidden="true">
          ChatOps
        </p>
        {children}
      </div>
    </main>
  );
}

/** `next`: where to go once signed in (a page that needed it, such as a confirmation link). */
export function SignInPage({ notice, next = '/servers' }: { notice?: string; next?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<SecondFactorStep | undefined>();
  const action = useAction();
  const passkey = useAction();
  if (step) return <SecondFactorPage step={step} next={next} onBack={() => setStep(undefined)} />;
  return (
    <AuthFrame>
      <PageTitle title="Sign in">Sign in</PageTitle>
      <Alert kind="info">{notice}</Alert>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const secondStep = await signIn(username, password);
            if (secondStep) setStep(secondStep);
            else navigate(next, { replace: true });
          });
        }}
      >
        <Field
          label="Username or email"
          name="username"
          autoComplete="username"
          required
          value={username}
          onValue={setUsername}
          error={action.fields.username}
        />
        <AccountFields.Password
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={action.fields.password}
        />
        <FormFooter action={action} submit="Sign in" />
      </form>
      {action.message === 'Email not verified.' && (
        <p>
          Open the link we mailed you, or <Link href="/verify-email">send a new one</Link>.
        </p>
      )}
      <p class="switch">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <div class="passkey-sign-in">
        <Alert>{passkey.message}</Alert>
        <button
          type="button"
          class="secondary"
          disabled={passkey.busy}
          onClick={() =>
            void passkey.run(async () => {
              await signInWithPasskey();
              navigate(next, { replace: true });
            })
          }
        >
          Sign in with a passkey
        </button>
      </div>
      <p class="switch">
        New here? <Link href="/signup">Sign up</Link>
      </p>
    </AuthFrame>
  );
}

/** The second step of a sign-in: a code from the app, a recovery code, or a passkey. */
function SecondFactorPage({
  step,
  next,
  onBack,
}: {
  step: SecondFactorStep;
  next: string;
  onBack: () => void;
}) {
  const hasApp = step.methods.includes('totp');
  const [mode, setMode] = useState<'code' | 'recovery_code'>(hasApp ? 'code' : 'recovery_code');
  const [value, setValue] = useState('');
  const action = useAction();
  const passkey = useAction();
  const done = () => navigate(next, { replace: true });
  return (
    <AuthFrame>
      <PageTitle title="Two-step verification">Two-step verification</PageTitle>
      {(hasApp || step.methods.includes('recovery_code')) && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              await completeSignIn(
                step.mfaToken,
                mode === 'code' ? { code: value.trim() } : { recovery_code: value.trim() },
              );
              done();
            });
          }}
        >
          {mode === 'code' ? (
            <Field
              key="code"
              label="Code"
              name="code"
              autoComplete="one-time-code"
              hint="The 6-digit code your authenticator app shows for ChatOps."
              required
              value={value}
              onValue={setValue}
              error={action.fields.code}
            />
          ) : (
            <Field
              key="recovery_code"
              label="Recovery code"
              name="recovery_code"
              autoComplete="off"
              hint="One of the recovery codes you saved when you set up the app. Each works once."
              required
              value={value}
              onValue={setValue}
              error={action.fields.recovery_code}
            />
          )}
          <FormFooter action={action} submit="Verify" />
        </form>
      )}
      <div class="second-factor-choices">
        {hasApp && (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setValue('');
              setMode(mode === 'code' ? 'recovery_code' : 'code');
            }}
          >
            {mode === 'code' ? 'Use a recovery code' : 'Use the authenticator app'}
          </button>
        )}
        {step.methods.includes('passkey') && (
          <>
            <Alert>{passkey.message}</Alert>
            <button
              type="button"
              class="secondary"
              disabled={passkey.busy}
              onClick={() =>
                void passkey.run(async () => {
                  await completeSignIn(step.mfaToken, { passkey: true });
                  done();
                })
              }
            >
              Use a passkey
            </button>
          </>
        )}
        <button type="button" class="link-button" onClick={onBack}>
          Back
        </button>
      </div>
    </AuthFrame>
  );
}

export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const action = useAction();
  const mismatch = confirm !== '' && confirm !== password ? 'Passwords do not match.' : undefined;
  return (
    <AuthFrame>
      <PageTitle title="Sign up">Create your account</PageTitle>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const signedIn = await signUp({
              email,
              username,
              password,
              password_confirm: confirm,
              ...(fullName.trim() ? { full_name: fullName } : {}),
            });
            navigate(signedIn ? '/servers' : '/login', { replace: true });
          });
        }}
      >
        <AccountFields.Email value={email} onValue={setEmail} error={action.fields.email} />
        <AccountFields.Username
          value={username}
          onValue={setUsername}
          hint="3–32 letters, digits, dots, dashes or underscores."
          error={action.fields.username}
        />
        <AccountFields.FullName
          label="Full name (optional)"
          value={fullName}
          onValue={setFullName}
          error={action.fields.full_name ?? action.fields.name}
        />
        <AccountFields.Password
          label="Password"
          name="password"
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
          hint={<PasswordRules password={password} username={username} email={email} />}
          error={action.fields.password}
        />
        <AccountFields.Password
          label="Confirm password"
          name="password_confirm"
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={mismatch ?? action.fields.password_confirm}
        />
        <FormFooter action={action} submit="Sign up" />
      </form>
      <p class="switch">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
