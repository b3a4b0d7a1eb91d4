import { useState } from 'preact/hooks';
import { Alert, Field, Link, PageTitle } from '../components/ui';
import { PasswordRules } from '../components/password-rules';
import { useAction } from '../components/use-action';
import { navigate } from '../router';
import { signIn, signUp } from '../session';

function AuthFrame({ children }: { children: preact.ComponentChildren }) {
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

export function SignInPage({ notice }: { notice?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  return (
    <AuthFrame>
      <PageTitle title="Sign in">Sign in</PageTitle>
      <Alert kind="info">{notice}</Alert>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await signIn(username, password);
            navigate('/servers', { replace: true });
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
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={action.fields.password}
        />
        <Alert>{action.message}</Alert>
        <button type="submit" disabled={action.busy || action.waiting > 0}>
          Sign in
        </button>
      </form>
      <p class="switch">
        New here? <Link href="/signup">Sign up</Link>
      </p>
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
            await signUp({
              email,
              username,
              password,
              password_confirm: confirm,
              ...(fullName.trim() ? { full_name: fullName } : {}),
            });
            navigate('/servers', { replace: true });
          });
        }}
      >
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
          hint="3–32 letters, digits, dots, dashes or underscores."
          error={action.fields.username}
        />
        <Field
          label="Full name (optional)"
          name="full_name"
          autoComplete="name"
          value={fullName}
          onValue={setFullName}
          error={action.fields.full_name ?? action.fields.name}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          hint={<PasswordRules password={password} username={username} email={email} />}
          error={action.fields.password}
        />
        <Field
          label="Confirm password"
          name="password_confirm"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onValue={setConfirm}
          error={mismatch ?? action.fields.password_confirm}
        />
        <Alert>{action.message}</Alert>
        <button type="submit" disabled={action.busy || action.waiting > 0}>
          Sign up
        </button>
      </form>
      <p class="switch">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
