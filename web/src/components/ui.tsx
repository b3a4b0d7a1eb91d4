import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { navigate } from '../router';

/** An in-app link: a real <a href> (middle-click, copy link) that navigates without a reload. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        onClick?.call(event.currentTarget, event);
        navigate(href);
      }}
    />
  );
}

/** A coloured badge that also says its word (colour is never the only signal). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status.replace(/[^a-z]/g, '')}`}>{status}</span>;
}

/** An error in words, announced by screen readers. */
export function Alert({
  children,
  kind = 'error',
}: {
  children: ComponentChildren;
  kind?: 'error' | 'info';
}) {
  if (!children) return null;
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function When({ at, empty = 'Never' }: { at: string | null | undefined; empty?: string }) {
  if (!at) return <span class="muted">{empty}</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toISOString()}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}

/** A labelled input with its hint and the API's message for it, tied by aria-describedby. */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  autoComplete?: string;
  required?: boolean;
  error?: string;
  hint?: ComponentChildren;
  value: string;
  onValue: (value: string) => void;
}) {
  const { label, error, hint, value, onValue, type = 'text', ...input } = props;
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types each input type's roles separately; a union of types needs one of them.
        type={type as 'text'}
        {...input}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {hint && (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

/**
 * A modal dialog on the native <dialog>: focus moves into it (the first field, or the element with
 * `data-autofocus`), Tab stays inside, Escape closes it, and focus returns to where it was.
 */
export function Dialog({
  title,
  onClose,
  children,
  class: className,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  class?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Where focus was when the dialog was asked for (read at the first render, before anything moves it).
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input, select, textarea');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // After the browser's own focus fix-up of the closing dialog, which may land on <body>.
      setTimeout(() => {
        if (opener?.isConnected && !document.querySelector('dialog[open]')) opener.focus();
      });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={className}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** "Are you sure?" with the action's own word on the button. */
export function ConfirmDialog({
  title,
  message,
  action,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  message: ComponentChildren;
  action: string;
  busy?: boolean;
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <Alert>{error}</Alert>
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" class="danger" disabled={busy} onClick={onConfirm}>
          {action}
        </button>
      </div>
    </Dialog>
  );
}

/** Moves focus to the page's heading when a page opens, so screen readers announce it. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ChatOps`;
    if (!document.querySelector('dialog[open]')) ref.current?.focus();
  }, [title]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
