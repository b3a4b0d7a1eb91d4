/**
 * The API's default password rules (API.md §2), checked as the user types. The API stays the
 * judge: its 422 messages (a common password, or a server set to PASSWORD_POLICY=length) are shown
 * beside the field too.
 */
export function passwordRules(password: string, context: { username?: string; email?: string }) {
  const bytes = new TextEncoder().encode(password).length;
  const lowered = password.toLowerCase();
  const username = context.username?.trim().toLowerCase() ?? '';
  const local = context.email?.trim().toLowerCase().split('@')[0] ?? '';
  const containsName =
    (username.length >= 3 && lowered.includes(username)) ||
    (local.length >= 3 && lowered.includes(local));
  return [
    { text: 'At least 8 characters', met: [...password].length >= 8 },
    { text: 'At most 72 bytes', met: bytes <= 72 },
    { text: 'An upper-case letter', met: /\p{Lu}/u.test(password) },
    { text: 'A lower-case letter', met: /\p{Ll}/u.test(password) },
    { text: 'A number', met: /\p{Nd}/u.test(password) },
    { text: 'A special character', met: /[^\p{L}\p{N}\s]/u.test(password) },
    { text: 'Not your username or email', met: password.length > 0 && !containsName },
  ];
}

export function PasswordRules(props: { password: string; username?: string; email?: string }) {
  const rules = passwordRules(props.password, props);
  return (
    <ul class="rules" aria-label="Password rules">
      {rules.map((rule) => (
        <li key={rule.text} class={rule.met ? 'met' : 'unmet'}>
          <span class="rule-mark" aria-hidden="true">
            {rule.met ? '✓' : '○'}
          </span>
          {rule.text}
          <span class="visually-hidden">{rule.met ? ' (met)' : ' (not met yet)'}</span>
        </li>
      ))}
      <li class="note">Common passwords are refused.</li>
    </ul>
  );
}
