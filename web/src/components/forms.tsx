import type { ComponentChildren } from 'preact';
import { Alert, Field } from './ui';
import type { useAction } from './use-action';

type Action = ReturnType<typeof useAction>;

/** A field's state: its value, how to change it, and the API's message for it. */
interface Bound {
  value: string;
  onValue: (value: string) => void;
  error?: string;
}

/** The fields of an account, as sign-up, sign-in and the account page ask for them. */
export const AccountFields = {
  Email: (props: Bound) => (
    <Field label="Email" name="email" type="email" autoComplete="email" required {...props} />
  ),
  Username: (props: Bound & { hint?: ComponentChildren }) => (
    <Field label="Username" name="username" autoComplete="username" required {...props} />
  ),
  FullName: (props: Bound & { label: string }) => (
    <Field name="full_name" autoComplete="name" {...props} />
  ),
  /** A password the user types: the one in use (`current-password`) or a new one. */
  Password: (
    props: Bound & {
      label: string;
      name: string;
      autoComplete: 'current-password' | 'new-password';
      hint?: ComponentChildren;
    },
  ) => <Field type="password" required {...props} />,
};

/** The name of what a dialog creates or edits (a server, a key). */
export const NameField = (props: Bound & { hint?: ComponentChildren }) => (
  <Field label="Name" name="name" required {...props} />
);

/**
 * The end of a page's form: what went wrong (in words), what went right (`notice`), and the submit
 * button, held back while the call runs or a rate limit's wait lasts.
 */
export function FormFooter({
  action,
  submit,
  notice,
}: {
  action: Action;
  submit: string;
  notice?: ComponentChildren;
}) {
  return (
    <>
      <Alert>{action.message}</Alert>
      <Alert kind="info">{notice}</Alert>
      <button type="submit" disabled={action.busy || action.waiting > 0}>
        {submit}
      </button>
    </>
  );
}

/** The end of a dialog's form: what went wrong, Cancel, and the submit button. */
export function DialogFooter({
  action,
  submit,
  onCancel,
}: {
  action: Action;
  submit: string;
  onCancel: () => void;
}) {
  return (
    <>
      <Alert>{action.message}</Alert>
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={action.busy}>
          {submit}
        </button>
      </div>
    </>
  );
}
