import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { AccountFields, DialogFooter } from '../components/forms';
import { Alert, Dialog, Field, When } from '../components/ui';
import { useAction, useLoad } from '../components/use-action';
import { authed, passkeyPrompt } from '../session';

type Passkey = Schemas['PasskeyDto'];

/**
 * Account → Security (API.md §11): the authenticator app (QR code rendered here, never by a
 * third party), its recovery codes (shown once, Copy and Download), and passkeys.
 */
export function Security() {
  const status = useLoad(() => authed(() => api.GET('/api/v1/auth/mfa')), []);
  return (
    <section class="card" aria-labelledby="security-title">
      <h2 id="security-title">Security</h2>
      <p class="muted">
        A second factor keeps your account safe even if your password leaks: signing in then also
        needs your authenticator app, a recovery code or a passkey.
      </p>
      {status.problem && <Alert>{status.problem.message}</Alert>}
      {status.data && <AuthenticatorApp status={status.data} onChange={status.reload} />}
      {status.data && (
        <Passkeys appEnabled={status.data.totp === 'enabled'} onChange={status.reload} />
      )}
    </section>
  );
}

function AuthenticatorApp({
  status,
  onChange,
}: {
  status: Schemas['MfaStatusDto'];
  onChange: () => void;
}) {
  const [dialog, setDialog] = useState<'setup' | 'off' | undefined>();
  const enabled = status.totp === 'enabled';
  return (
    <div class="security-item">
      <h3>Authenticator app</h3>
      <p>
        {enabled ? (
          <>
            <span class="badge badge-online">on</span> Recovery codes left:{' '}
            {status.recovery_codes_remaining}
          </>
        ) : (
          <span class="badge badge-offline">off</span>
        )}
      </p>
      {enabled ? (
        <button type="button" class="danger" onClick={() => setDialog('off')}>
          Turn off authenticator app
        </button>
      ) : (
        <button type="button" onClick={() => setDialog('setup')}>
          Set up authenticator app
        </button>
      )}
      {dialog === 'setup' && (
        <SetupDialog
          onClose={() => {
            setDialog(undefined);
            onChange();
          }}
        />
      )}
      {dialog === 'off' && (
        <TurnOffDialog
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            onChange();
          }}
        />
      )}
    </div>
  );
}

/** The QR code of an otpauth:// URL as an image (SVG made here, shown as a data URL: no HTML). */
function QrCode({ url }: { url: string }) {
  const [src, setSrc] = useState<string | undefined>();
  useEffect(() => {
    void QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) =>
      setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
    );
  }, [url]);
  return src ? (
    <img class="qr" src={src} width={200} height={200} alt="QR code for your authenticator app" />
  ) : null;
}

function SetupDialog({ onClose }: { onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [setup, setSetup] = useState<Schemas['TotpSetupDto'] | undefined>();
  const [codes, setCodes] = useState<string[] | undefined>();
  const action = useAction();
  if (codes) return <RecoveryCodesDialog codes={codes} onClose={onClose} />;
  return (
    <Dialog title="Set up authenticator app" onClose={onClose}>
      {!setup ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              setSetup(
                await authed(() => api.POST('/api/v1/auth/mfa/totp', { body: { password } })),
              );
            });
          }}
        >
          <p>Enter your password to start.</p>
          <AccountFields.Password
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
            error={action.fields.password}
          />
          <DialogFooter action={action} submit="Continue" onCancel={onClose} />
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              const answer = await authed(() =>
                api.POST('/api/v1/auth/mfa/totp/confirm', { body: { code: code.trim() } }),
              );
              setCodes(answer.recovery_codes);
            });
          }}
        >
          <p>Scan this QR code with your authenticator app, or type the key by hand.</p>
          <QrCode url={setup.otpauth_url} />
          <p>
            Key: <code class="secret">{setup.secret}</code>
          </p>
          <Field
            label="Code"
            name="code"
            autoComplete="one-time-code"
            hint="The 6-digit code the app now shows for ChatOps."
            required
            value={code}
            onValue={setCode}
            error={action.fields.code}
          />
          <DialogFooter action={action} submit="Turn on" onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}

function RecoveryCodesDialog({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `ChatOps recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  return (
    <Dialog title="Save your recovery codes" onClose={onClose}>
      <p>
        The authenticator app is on. If you lose your phone, each of these codes signs you in once.
        Keep them somewhere safe: you won't be able to see them again.
      </p>
      <ul class="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <Alert kind="info">{copied && 'Copied to the clipboard.'}</Alert>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}
        >
          Copy
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const link = document.createElement('a');
            link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
            link.download = 'chatops-recovery-codes.txt';
            link.click();
            setTimeout(() => URL.revokeObjectURL(link.href), 1000);
          }}
        >
          Download
        </button>
        <button type="button" onClick={onClose} data-autofocus>
          Done
        </button>
      </div>
    </Dialog>
  );
}

function TurnOffDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const action = useAction();
  return (
    <Dialog title="Turn off authenticator app" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await authed(() =>
              api.DELETE('/api/v1/auth/mfa/totp', { body: { password, code: code.trim() } }),
            );
            onDone();
          });
        }}
      >
        <AccountFields.Password
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={action.fields.password}
        />
        <Field
          label="Code"
          name="code"
          autoComplete="one-time-code"
          hint="A code from the app, or one of your recovery codes."
          required
          value={code}
          onValue={setCode}
          error={action.fields.code}
        />
        <DialogFooter action={action} submit="Turn off" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function Passkeys({ appEnabled, onChange }: { appEnabled: boolean; onChange: () => void }) {
  const list = useLoad(() => authed(() => api.GET('/api/v1/auth/passkeys')), []);
  const [dialog, setDialog] = useState<
    { kind: 'add' } | { kind: 'rename' | 'delete'; passkey: Passkey } | undefined
  >();
  const close = (changed: boolean) => {
    setDialog(undefined);
    if (changed) {
      list.reload();
      onChange();
    }
  };
  return (
    <div class="security-item">
      <h3>Passkeys</h3>
      <p class="muted">
        Sign in with your fingerprint, face or security key instead of a password.
      </p>
      {list.problem && <Alert>{list.problem.message}</Alert>}
      {list.data && list.data.items.length === 0 && <p>No passkeys yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <ul class="passkeys" aria-label="Passkeys">
          {list.data.items.map((passkey) => (
            <li key={passkey.id}>
              <div>
                <strong>{passkey.name}</strong>
                <div class="muted small">
                  added <When at={passkey.created_at} /> · last used{' '}
                  <When at={passkey.last_used_at} />
                </div>
              </div>
              <div class="actions">
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Rename ${passkey.name}`}
                  onClick={() => setDialog({ kind: 'rename', passkey })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete ${passkey.name}`}
                  onClick={() => setDialog({ kind: 'delete', passkey })}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => setDialog({ kind: 'add' })}>
        Add passkey
      </button>
      {dialog?.kind === 'add' && <AddPasskeyDialog onClose={close} />}
      {dialog?.kind === 'rename' && <RenameDialog passkey={dialog.passkey} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          passkey={dialog.passkey}
          last={!appEnabled && list.data?.items.length === 1}
          onClose={close}
        />
      )}
    </div>
  );
}

function AddPasskeyDialog({ onClose }: { onClose: (changed: boolean) => void }) {
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const action = useAction();
  return (
    <Dialog title="Add passkey" onClose={() => onClose(false)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const options = await authed(() =>
              api.POST('/api/v1/auth/passkeys/register/options', { body: { password } }),
            );
            const optionsJSON = options as never;
            const response = await passkeyPrompt(() => startRegistration({ optionsJSON }));
            await authed(() =>
              api.POST('/api/v1/auth/passkeys/register/verify', {
                body: { response: response as never, ...(name.trim() ? { name } : {}) },
              }),
            );
            onClose(true);
          });
        }}
      >
        <AccountFields.Password
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={action.fields.password}
        />
        <Field
          label="Passkey name (optional)"
          name="name"
          hint="To tell your passkeys apart, e.g. “Laptop” or “YubiKey”."
          value={name}
          onValue={setName}
          error={action.fields.name}
        />
        <DialogFooter action={action} submit="Add passkey" onCancel={() => onClose(false)} />
      </form>
    </Dialog>
  );
}

function RenameDialog({
  passkey,
  onClose,
}: {
  passkey: Passkey;
  onClose: (changed: boolean) => void;
}) {
  const [name, setName] = useState(passkey.name);
  const action = useAction();
  return (
    <Dialog title="Rename passkey" onClose={() => onClose(false)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await authed(() =>
              api.PATCH('/api/v1/auth/passkeys/{id}', {
                params: { path: { id: passkey.id } },
                body: { name },
              }),
            );
            onClose(true);
          });
        }}
      >
        <Field
          label="Name"
          name="name"
          required
          value={name}
          onValue={setName}
          error={action.fields.name}
        />
        <DialogFooter action={action} submit="Save" onCancel={() => onClose(false)} />
      </form>
    </Dialog>
  );
}

function DeleteDialog({
  passkey,
  last,
  onClose,
}: {
  passkey: Passkey;
  /** The account's last second factor: the API wants this passkey's confirmation too. */
  last: boolean;
  onClose: (changed: boolean) => void;
}) {
  const [password, setPassword] = useState('');
  const action = useAction();
  return (
    <Dialog title="Delete passkey?" onClose={() => onClose(false)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            let confirmation: unknown;
            if (last) {
              const options = await authed(() => api.POST('/api/v1/auth/passkeys/confirm/options'));
              const optionsJSON = options as never;
              confirmation = await passkeyPrompt(() => startAuthentication({ optionsJSON }));
            }
            await authed(() =>
              api.DELETE('/api/v1/auth/passkeys/{id}', {
                params: { path: { id: passkey.id } },
                body: { password, ...(confirmation ? { passkey: confirmation as never } : {}) },
              }),
            );
            onClose(true);
          });
        }}
      >
        <p>
          “{passkey.name}” will no longer sign you in. Enter your password to confirm
          {last
            ? '; it is your last second factor, so your browser will also ask you to use this passkey once more.'
            : '.'}
        </p>
        <AccountFields.Password
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={action.fields.password}
        />
        <DialogFooter action={action} submit="Delete passkey" onCancel={() => onClose(false)} />
      </form>
    </Dialog>
  );
}
