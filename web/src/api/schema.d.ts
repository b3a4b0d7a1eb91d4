/**
 * Generated from the API's OpenAPI document by `npm run api:client` — do not edit by hand.
 * A test fails when this file is not what the current document generates.
 */

export interface paths {
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (no I/O) */
        get: operations["healthLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, at the root (for load balancers) */
        get: operations["healthLiveAtRoot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness, at the root (for load balancers) */
        get: operations["healthReadyAtRoot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database (and Redis, when configured) answer */
        get: operations["healthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The security audit log
         * @description Newest first. The caller's own events: those they did, those done to their account (by an admin too), and those of their servers, their keys and their agents (kept after the server is deleted). Admins: `all=true` for everyone's, `actor` / `subject` to filter everyone's by id; anyone else using those gets 403 "Admin privileges required". Failed logins and refused agents repeated from one address within half a second are one row with a `count`. Actions: `auth.login.succeeded`, `auth.login.failed`, `auth.login.locked_out`, `auth.mfa.enabled`, `auth.mfa.disabled`, `auth.mfa.succeeded`, `auth.mfa.failed`, `auth.mfa.recovery_code_used`, `auth.passkey.registered`, `auth.passkey.renamed`, `auth.passkey.deleted`, `auth.passkey.succeeded`, `auth.passkey.failed`, `auth.password.changed`, `auth.password.reset_requested`, `auth.password.reset`, `auth.email.verified`, `auth.email.change_requested`, `auth.email.changed`, `auth.session.revoked`, `auth.refresh.reuse_detected`, `user.created`, `user.updated`, `user.deleted`, `admin.user.updated`, `admin.user.deleted`, `server.created`, `server.updated`, `server.deleted`, `api_key.created`, `api_key.rotated`, `api_key.revoked`, `api_key.expired`, `agent.connected`, `agent.disconnected`, `agent.refused`, `job.requested`, `job.started`, `job.finished`, `job.cancelled`, `job.lost`.
         */
        get: operations["auditList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the audit log as NDJSON
         * @description One event per line (the shape of `GET /audit`'s items), oldest first, streamed as it is read (the server holds one batch of 1,000 at a time, whatever the size). Admins export everyone's events; other users their own. Same filters as `GET /audit` (`action`, `since`, `until`; admins' `actor`, `subject`), no paging. Events recorded after the export began are not included.
         */
        get: operations["auditExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account
         * @description Accepts the ChatOps body (`password_confirm`, `full_name`) and the W.W.H.D. body (`name`). The first account on an empty database becomes admin. Returns the user's fields at the top level (as the W.W.H.D. document's clients read them), the same under `user` (the ChatOps shape), and a first session's tokens. Queues a verification mail (unless EMAIL_VERIFICATION=off); with EMAIL_VERIFICATION=required the answer has no tokens (nor a session) until the address is verified.
         */
        post: operations["authRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in (ChatOps name)
         * @description Form-urlencoded `username=…&password=…` (or JSON); `username` may be the email. Starts a new session.
         */
        post: operations["authLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth2 password grant (W.W.H.D. name)
         * @description Same as /auth/login; the endpoint behind Swagger UI's "Authorize".
         */
        post: operations["authToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token
         * @description Returns new tokens and retires the one presented. Presenting a retired token again (after REFRESH_REUSE_LEEWAY) ends the whole session. An access token is refused here.
         */
        post: operations["authRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the caller's session
         * @description Its refresh tokens stop working at once and its access tokens within 5 seconds, on every instance.
         */
        post: operations["sessionsLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of the caller */
        post: operations["sessionsLogoutAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's live sessions
         * @description Newest first; `current` marks the one making this request.
         */
        get: operations["sessionsList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the caller's sessions */
        delete: operations["sessionsRevoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the caller's password
         * @description Ends every other session of the caller. A wrong `current_password` is 401 and counts against the same per-account lock-out as a failed login (LOGIN_FAILURE_LIMIT): past it, or while the account is locked out, 429 with `Retry-After`, whatever the password; a right one resets the count. Each call also counts against the per-IP limit of the credential routes (AUTH_RATE_LIMIT).
         */
        post: operations["profileChangePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password reset link
         * @description Always 202 with the same body, in the same time, whether the address is unknown, disabled or known: the lookup and the mail happen after the answer. A known, active account gets a link (`PUBLIC_URL/reset-password#token=…`, valid PASSWORD_RESET_TTL, single use, voiding older ones). At most one per address per minute and five per hour.
         */
        post: operations["accountRecoveryRequestReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password from a reset link
         * @description The password policy applies (422; the link stays usable). On success every session ends (refresh tokens refused at once, access tokens within 2 s on every instance), the lock-out count resets, the address counts as verified, and a notice is mailed. The caller is not signed in.
         */
        post: operations["accountRecoveryConfirmReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify an address with the link mailed to it
         * @description The token from `PUBLIC_URL/verify-email#token=…` (valid EMAIL_TOKEN_TTL, single use). No sign-in needed.
         */
        post: operations["accountRecoveryVerifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a new verification link
         * @description Always 202 with the same body, in the same time, whatever the address: an active account with this unverified address gets a new link (voiding older ones), at most one a minute and five an hour.
         */
        post: operations["accountRecoveryResendVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a user (admin)
         * @description As DELETE /users/me for that user: sessions end, servers go with their keys (agents cut), username and email are free again, a notice is mailed. The last active admin cannot be deleted (409).
         */
        delete: operations["adminAccountRemove"];
        options?: never;
        head?: never;
        /**
         * Enable/disable a user or change the admin flag (admin)
         * @description Disabling ends the user's sessions; their servers' agents stay connected. The last active admin cannot be demoted or disabled (409).
         */
        patch: operations["adminUsersUpdate"];
        trace?: never;
    };
    "/api/v1/users/{id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a user a password reset link (admin)
         * @description The same link as "Forgot password?", to the address of the account; the per-address limits apply (past them: the same 202, no mail). 409 for a disabled account.
         */
        post: operations["adminAccountSendReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/email/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a new email with the link mailed to it
         * @description The token from `PUBLIC_URL/confirm-email#token=…` (valid EMAIL_TOKEN_TTL, single use), presented by the account that asked for the change. The address is then the account’s, verified; the old one gets a notice. 409 when another account took the address meanwhile.
         */
        post: operations["accountConfirmEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller
         * @description Also at GET /auth/me.
         */
        get: operations["profileMe"];
        put?: never;
        post?: never;
        /**
         * Delete the caller's account
         * @description Needs `password` (a wrong one is 401 and counts against the login lock-out) and, with an authenticator app enabled, `code` (a current code or an unused recovery code; missing: 401 `Second factor required`, wrong: 401 `Invalid code`, counted against the second-factor lock-out). Every session ends, every server of the account is deleted (keys revoked, agents cut), the username and email are free again, and a notice is mailed. The last active admin cannot delete itself (409). The audit log keeps its events.
         */
        delete: operations["accountDeleteSelf"];
        options?: never;
        head?: never;
        /**
         * Change the caller's name, email or username
         * @description A new `email` needs `current_password` (a wrong one is 401 and counts against the login lock-out; past it 429) and takes effect only once the link mailed to it is used (POST /users/me/email/confirm): the answer is then 202 with `pending_email`, and the old address gets a notice. 409 when the address is taken.
         */
        patch: operations["profileUpdate"];
        trace?: never;
    };
    "/api/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's second factors
         * @description Whether the authenticator app is set up, recovery codes left, passkeys.
         */
        get: operations["mfaStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start setting up an authenticator app
         * @description Needs the password. Answers a new secret (20 random bytes, base32) and its `otpauth://` URL (issuer ChatOps) — shown in this answer only, stored encrypted. Not active until POST /auth/mfa/totp/confirm; calling this again replaces a setup not yet confirmed. A wrong password is 401 and counts against the login lock-out.
         */
        post: operations["mfaBegin"];
        /**
         * Turn the authenticator app off
         * @description Needs the password and a current code (or an unused recovery code). The recovery codes go with it. Passkeys stay.
         */
        delete: operations["mfaDisable"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn the authenticator app on with its first code
         * @description Answers 10 recovery codes, shown in this answer only (stored hashed, each usable once). From now on a sign-in with the password asks for a second factor. A wrong code is 400 `Invalid code` and counts against the second-factor lock-out.
         */
        post: operations["mfaConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a sign-in with the second factor
         * @description After /auth/login or /auth/token answered 401 "Second factor required": the `mfa_token` from that answer and exactly one of `code` (authenticator app), `recovery_code`, `passkey` (an assertion for the options of POST /auth/mfa/passkey/options). Answers the usual tokens; the session records how it was established (`auth_method`). The mfa_token is single use and lasts 5 minutes; a wrong factor is 401 `Invalid code` (the token stays usable until it expires) and counts against a per-account lock-out that only a right second factor resets.
         */
        post: operations["mfaLoginVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * WebAuthn options for a passkey as the second factor
         * @description For the `mfa_token` of a "Second factor required" answer whose methods include `passkey`: options for navigator.credentials.get() (startAuthentication) listing that account's passkeys. Send the result as `passkey` to POST /auth/mfa/verify. The challenge is single use, 5 minutes.
         */
        post: operations["mfaLoginPasskeyOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/register/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start adding a passkey
         * @description Needs the password (401 and a lock-out count when wrong). Answers the options for navigator.credentials.create() (startRegistration in @simplewebauthn/browser): a discoverable credential for PUBLIC_URL's host, the caller's passkeys excluded. The challenge is single use and lasts 5 minutes.
         */
        post: operations["passkeysRegistrationOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/register/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish adding a passkey
         * @description The authenticator's answer to the registration options, and an optional name. 400 `Passkey registration failed` for an answer that does not check out (wrong origin or RP ID, unknown or used challenge).
         */
        post: operations["passkeysRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/confirm/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * WebAuthn options to confirm with a passkey
         * @description Options for navigator.credentials.get() listing the caller's passkeys, for proving the caller holds one (deleting the last second factor). Single use, 5 minutes.
         */
        post: operations["passkeysConfirmOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's passkeys
         * @description Oldest first, with last use.
         */
        get: operations["passkeysList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a passkey
         * @description Needs the password (401 and a lock-out count when wrong). When it is the account's last second factor (no authenticator app, no other passkey), also `passkey`: an assertion of this passkey for the options of POST /auth/passkeys/confirm/options — without it 403, with a wrong one 401 `Passkey not accepted`.
         */
        delete: operations["passkeysRemove"];
        options?: never;
        head?: never;
        /** Rename a passkey */
        patch: operations["passkeysRename"];
        trace?: never;
    };
    "/api/v1/auth/passkeys/login/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a sign-in with a passkey
         * @description Options for navigator.credentials.get() (startAuthentication) with no allowCredentials: the browser offers the passkeys it holds for this site. User verification is required. The challenge is single use and lasts 5 minutes.
         */
        post: operations["passkeyLoginOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/login/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish a sign-in with a passkey
         * @description The authenticator's answer → the usual tokens; the session's `auth_method` is `passkey`. 401 `Passkey not accepted` otherwise (unknown passkey, bad signature, a signature counter that did not move forward, an unknown or used challenge).
         */
        post: operations["passkeyLoginLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller (W.W.H.D. path)
         * @description Same as GET /users/me.
         */
        get: operations["profileAuthMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin) */
        get: operations["adminUsersList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List servers
         * @description The caller's servers, oldest first, filtered by `search`, `status` and `tag`. Admins may pass `all=true` to list every user's servers; a non-admin passing `all=true` gets 403 "Admin privileges required" (not a silently narrowed list).
         */
        get: operations["serversList"];
        put?: never;
        /**
         * Create a server
         * @description Names are unique per owner, compared case-insensitively after trimming (409 "Server name already exists").
         */
        post: operations["serversCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one of the caller's servers */
        get: operations["serversGet"];
        put?: never;
        post?: never;
        /**
         * Delete a server
         * @description Its API keys are deleted with it (they never verify again) and its connected agents are disconnected.
         */
        delete: operations["serversRemove"];
        options?: never;
        head?: never;
        /**
         * Change a server
         * @description Any subset of the fields; `hostname` and `description` set to `null` are cleared.
         */
        patch: operations["serversUpdate"];
        trace?: never;
    };
    "/api/v1/servers/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a server's API keys
         * @description Never shows a key or its hash: only its 12-character prefix.
         */
        get: operations["apiKeysList"];
        put?: never;
        /**
         * Create an API key for a server
         * @description The response carries the key itself, shown this once: it is stored only as a hash and can never be retrieved again.
         */
        post: operations["apiKeysCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers/{id}/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Agents connected with it are disconnected. Revoking an already revoked key is a no-op that also answers 204.
         */
        delete: operations["apiKeysRevoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers/{id}/api-keys/{key_id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key
         * @description Issues a new key with the same name and expiry; the old one keeps working for `grace_period_seconds` (default 0: revoked now), then shows as revoked. A revoked or expired key cannot be rotated: 409 "API key is not active". A key has one successor: one already rotated (still in its grace period) answers 409 "API key was already rotated" — revoke it to end the grace early. Concurrent rotations of one key issue exactly one new key. The response carries the key itself, shown this once: it is stored only as a hash and can never be retrieved again.
         */
        post: operations["apiKeysRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers/{id}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the actions a server's agent offers
         * @description The catalog the connected agent(s) declared from their own configuration file; empty when no agent is connected. Nothing else can run: the API never sends a command line.
         */
        get: operations["serverJobsActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/servers/{id}/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a server's jobs
         * @description Newest first, without output.
         */
        get: operations["serverJobsList"];
        put?: never;
        /**
         * Run an action on a server
         * @description Creates a `queued` job and sends it to the agent, which acknowledges it (`running`) and streams its output; follow it on `/events` (`job_status`, `job_output`) or with `GET /jobs/{id}`. The params are checked against the action’s JSON Schema here and again by the agent. At most 4 jobs per server are queued or running at once (the 5th: 429). With an `Idempotency-Key`, the same key for the same server within 24 h answers the job it first created, whatever the body.
         */
        post: operations["serverJobsCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a job with its output
         * @description stdout and stderr chunks interleaved as the agent sent them, at most 1 MiB in all (then `truncated: true`). Output is text: show it as text, never as HTML.
         */
        get: operations["jobsGet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a job
         * @description A running job: the agent is told to stop it (SIGTERM to its process group, SIGKILL 5 s later) and reports it `cancelled`. A job not yet accepted by the agent ends `cancelled` at once. 409 `{"detail": "Job is not running"}` once it has ended.
         */
        post: operations["jobsCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        HealthDto: {
            /** @example ok */
            status: string;
        };
        ReadinessDto: {
            /** @example ok */
            status: string;
            /**
             * @example {
             *       "database": "ok",
             *       "redis": "not configured"
             *     }
             */
            checks: Record<string, never>;
        };
        ErrorDto: {
            /**
             * @description What went wrong, for people.
             * @example Not authenticated
             */
            detail: string;
        };
        /** @enum {string} */
        AuditAction: "auth.login.succeeded" | "auth.login.failed" | "auth.login.locked_out" | "auth.mfa.enabled" | "auth.mfa.disabled" | "auth.mfa.succeeded" | "auth.mfa.failed" | "auth.mfa.recovery_code_used" | "auth.passkey.registered" | "auth.passkey.renamed" | "auth.passkey.deleted" | "auth.passkey.succeeded" | "auth.passkey.failed" | "auth.password.changed" | "auth.password.reset_requested" | "auth.password.reset" | "auth.email.verified" | "auth.email.change_requested" | "auth.email.changed" | "auth.session.revoked" | "auth.refresh.reuse_detected" | "user.created" | "user.updated" | "user.deleted" | "admin.user.updated" | "admin.user.deleted" | "server.created" | "server.updated" | "server.deleted" | "api_key.created" | "api_key.rotated" | "api_key.revoked" | "api_key.expired" | "agent.connected" | "agent.disconnected" | "agent.refused" | "job.requested" | "job.started" | "job.finished" | "job.cancelled" | "job.lost";
        AuditActorDto: {
            /** @enum {string} */
            type: "user" | "agent" | "system";
            /**
             * Format: uuid
             * @description The user's id, or the agent's API key id; null for the system or an unknown account.
             */
            id: string | null;
            /** @description The user's username as it was when the event happened (kept after the user is renamed or deleted), or an agent key's 12-character prefix. */
            username: string | null;
        };
        AuditSubjectDto: {
            /** @enum {string} */
            type: "user" | "server" | "api_key" | "session" | "job" | "passkey" | "agent";
            /** Format: uuid */
            id: string | null;
            /** @description Its name as it was (username, server name, key name). */
            name: string | null;
        };
        AuditEventDto: {
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description When it happened (the first time, for an aggregated run: see `count`).
             */
            at: string;
            /**
             * Format: date-time
             * @description The last time, for an aggregated run; equal to `at` otherwise.
             */
            last_at: string;
            /**
             * @description How many identical events this row stands for. Failed logins and refused agents from one address against one account or key within half a second are one row.
             * @example 1
             */
            count: number;
            /** @example auth.login.succeeded */
            action: components["schemas"]["AuditAction"];
            actor: components["schemas"]["AuditActorDto"];
            subject: components["schemas"]["AuditSubjectDto"];
            /**
             * @description The client address, as TRUST_PROXY decides it (null for the system).
             * @example 203.0.113.7
             */
            ip: string | null;
            /** @example Mozilla/5.0 (X11; Linux x86_64) … */
            user_agent: string | null;
            /** @enum {string} */
            outcome: "success" | "failure";
            /**
             * @description What else is worth knowing (a reason, the fields changed, a key prefix of at most 12 characters). Never a password, token, key or code.
             * @example {
             *       "reason": "wrong_password"
             *     }
             */
            details: {
                [key: string]: unknown;
            };
        };
        AuditEventPage: {
            items: components["schemas"]["AuditEventDto"][];
            /** @example 1 */
            total: number;
            /** @example 20 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        FieldErrorDto: {
            /** @example string_too_short */
            type: string;
            /**
             * @example [
             *       "body",
             *       "password"
             *     ]
             */
            loc: (string | number)[];
            /** @example String should have at least 8 characters */
            msg: string;
            /** @description The rejected value; omitted for secret fields. */
            input?: Record<string, never>;
        };
        ValidationErrorDto: {
            detail: components["schemas"]["FieldErrorDto"][];
        };
        RegisterDto: {
            /**
             * Format: email
             * @description Stored lower-cased and NFC-normalised; unique. Control, bidirectional and invisible characters are refused.
             * @example user@example.com
             */
            email: string;
            /**
             * @description Unique, case-insensitively; display case kept.
             * @example herman_fan
             */
            username: string;
            /**
             * Format: password
             * @description 8–72 bytes; upper, lower, digit and special character; not containing the username or email; not a common password (see PASSWORD_POLICY).
             * @example SecurePassword123!
             */
            password: string;
            /**
             * Format: password
             * @description ChatOps: must equal `password` when given.
             * @example SecurePassword123!
             */
            password_confirm?: string;
            /**
             * @description ChatOps name of the display name.
             * @example Herman Fan
             */
            full_name?: string | null;
            /**
             * @description W.W.H.D. alias of `full_name`.
             * @example Herman Fan
             */
            name?: string | null;
        };
        UserDto: {
            /** Format: uuid */
            id: string;
            /** @example user@example.com */
            email: string;
            /** @example herman_fan */
            username: string;
            /** @example Herman Fan */
            full_name: string | null;
            is_active: boolean;
            is_admin: boolean;
            /** @description Whether the address was proven by a link sent to it (always true for accounts made before verification existed). */
            email_verified: boolean;
            /** Format: date-time */
            created_at: string;
        };
        RegisteredDto: {
            /** Format: uuid */
            id: string;
            /** @example user@example.com */
            email: string;
            /** @example herman_fan */
            username: string;
            /** @example Herman Fan */
            full_name: string | null;
            is_active: boolean;
            is_admin: boolean;
            /** @description Whether the address was proven by a link sent to it (always true for accounts made before verification existed). */
            email_verified: boolean;
            /** Format: date-time */
            created_at: string;
            /** @description JWT (HS256) for `Authorization: Bearer …`. */
            access_token: string;
            /** @description JWT for POST /auth/refresh; rotated on every use. Absent when the request sent `X-Refresh-Cookie: 1`: the token is then in an httpOnly cookie. */
            refresh_token?: string;
            /**
             * @example bearer
             * @enum {string}
             */
            token_type: "bearer";
            /**
             * @description Seconds until the access token expires.
             * @example 1800
             */
            expires_in: number;
            /** @description The same user fields, in the ChatOps shape. */
            user: components["schemas"]["UserDto"];
        };
        LoginDto: {
            /**
             * @description Username or email.
             * @example herman_fan
             */
            username: string;
            /**
             * Format: password
             * @example SecurePassword123!
             */
            password: string;
            /**
             * @description OAuth2 form field; when sent it must be "password" (the only grant offered).
             * @example password
             * @enum {string}
             */
            grant_type?: "password";
            /** @description OAuth2 form field; ignored. */
            scope?: string;
        };
        TokenPairDto: {
            /** @description JWT (HS256) for `Authorization: Bearer …`. */
            access_token: string;
            /** @description JWT for POST /auth/refresh; rotated on every use. Absent when the request sent `X-Refresh-Cookie: 1`: the token is then in an httpOnly cookie. */
            refresh_token?: string;
            /**
             * @example bearer
             * @enum {string}
             */
            token_type: "bearer";
            /**
             * @description Seconds until the access token expires.
             * @example 1800
             */
            expires_in: number;
        };
        SecondFactorRequiredDto: {
            /** @example Second factor required */
            detail: string;
            /** @description For POST /auth/mfa/verify: single use, valid 5 minutes. */
            mfa_token: string;
            /** @description The factors this account can complete the sign-in with. */
            methods: ("totp" | "recovery_code" | "passkey")[];
        };
        RefreshDto: {
            /** @description The refresh token from login, register or the previous refresh. Required, unless the request sends `X-Refresh-Cookie: 1` and the refresh cookie. */
            refresh_token?: string;
        };
        LogoutDto: {
            /** @description Optional; the session is the one of the bearer token either way. */
            refresh_token?: string;
        };
        SessionDto: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            last_used_at: string;
            user_agent: string | null;
            ip: string | null;
            /** @description True for the session of the token making this request. */
            current: boolean;
            /**
             * @description How the session was established: the factors its sign-in presented.
             * @enum {string}
             */
            auth_method: "password" | "password+totp" | "password+recovery_code" | "password+passkey" | "passkey";
        };
        SessionListDto: {
            items: components["schemas"]["SessionDto"][];
        };
        ChangePasswordDto: {
            /**
             * Format: password
             * @description The password in use now.
             * @example SecurePassword123!
             */
            current_password: string;
            /**
             * Format: password
             * @description The new password; same policy as registration.
             * @example SecurePassword123!
             */
            new_password: string;
        };
        EmailAddressDto: {
            /**
             * Format: email
             * @description Stored lower-cased and NFC-normalised; unique. Control, bidirectional and invisible characters are refused.
             * @example user@example.com
             */
            email: string;
        };
        AcceptedDto: {
            /** @example If that address has an account, a reset link is on its way */
            detail: string;
        };
        ConfirmPasswordResetDto: {
            /**
             * @description The token from the link (the part after `#token=`).
             * @example q0Yk3…
             */
            token: string;
            /**
             * Format: password
             * @description The new password; same policy as registration.
             * @example SecurePassword123!
             */
            new_password: string;
        };
        AccountTokenDto: {
            /**
             * @description The token from the link (the part after `#token=`).
             * @example q0Yk3…
             */
            token: string;
        };
        DeleteAccountDto: {
            /**
             * Format: password
             * @description The password in use now.
             * @example SecurePassword123!
             */
            password: string;
            /** @description With an authenticator app enabled: a current 6-digit code, or an unused recovery code (API.md §10). */
            code?: string;
        };
        MfaStatusDto: {
            /**
             * @description The authenticator app.
             * @enum {string}
             */
            totp: "none" | "pending" | "enabled";
            /** @description Unused recovery codes left. */
            recovery_codes_remaining: number;
            /** @description Registered passkeys. */
            passkeys: number;
        };
        PasswordProofDto: {
            /**
             * Format: password
             * @description The caller's password: adding or removing a factor needs it.
             * @example SecurePassword123!
             */
            password: string;
        };
        TotpSetupDto: {
            /**
             * @description Base32 secret (20 random bytes) for typing into the app by hand. Shown in this answer only.
             * @example JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
             */
            secret: string;
            /**
             * @description The same secret as an otpauth:// URL (issuer ChatOps) for a QR code.
             * @example otpauth://totp/ChatOps:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ChatOps
             */
            otpauth_url: string;
        };
        TotpCodeDto: {
            /** @description A 6-digit code from the authenticator app. */
            code: string;
        };
        RecoveryCodesDto: {
            /**
             * @description 10 single-use codes (`XXXXX-XXXXX`). Shown in this answer only.
             * @example [
             *       "K7QXM-2WHRP",
             *       "ZT4NB-8JCVD"
             *     ]
             */
            recovery_codes: string[];
        };
        TotpDisableDto: {
            /**
             * Format: password
             * @description The caller's password.
             * @example SecurePassword123!
             */
            password: string;
            /** @description A current 6-digit code from the app, or one of the unused recovery codes. */
            code: string;
        };
        AssertionResponseDto: {
            /** @description base64url */
            clientDataJSON: string;
            /** @description base64url */
            authenticatorData: string;
            /** @description base64url */
            signature: string;
            /** @description base64url; the user handle of a discoverable passkey */
            userHandle?: string;
        };
        AuthenticationResponseDto: {
            /** @description base64url credential id */
            id: string;
            /** @description base64url, the same as id */
            rawId: string;
            response: components["schemas"]["AssertionResponseDto"];
            /** @enum {string} */
            authenticatorAttachment?: "platform" | "cross-platform";
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            type: "public-key";
        };
        MfaVerifyDto: {
            /** @description The `mfa_token` of the "Second factor required" answer (single use, 5 minutes). */
            mfa_token: string;
            /** @description A 6-digit code from the app. */
            code?: string;
            /** @description One of the unused recovery codes. */
            recovery_code?: string;
            /** @description A passkey assertion answering the options of POST /auth/mfa/passkey/options for this mfa_token. */
            passkey?: components["schemas"]["AuthenticationResponseDto"];
        };
        MfaTokenDto: {
            /** @description The `mfa_token` of the "Second factor required" answer (single use, 5 minutes). */
            mfa_token: string;
        };
        CredentialDescriptorDto: {
            /** @description base64url credential id */
            id: string;
            /** @enum {string} */
            type: "public-key";
            /**
             * @example [
             *       "internal",
             *       "hybrid"
             *     ]
             */
            transports?: string[];
        };
        AuthenticationOptionsDto: {
            /** @description base64url; single use, valid 5 minutes */
            challenge: string;
            /** @example 300000 */
            timeout?: number;
            rpId?: string;
            /** @description Empty for a sign-in without a password (any discoverable passkey). */
            allowCredentials?: components["schemas"]["CredentialDescriptorDto"][];
            /** @enum {string} */
            userVerification?: "discouraged" | "preferred" | "required";
            extensions?: {
                [key: string]: unknown;
            };
        };
        RelyingPartyDto: {
            /** @example ChatOps */
            name: string;
            /**
             * @description PUBLIC_URL's host name.
             * @example chatops.example.com
             */
            id: string;
        };
        WebauthnUserDto: {
            /** @description base64url user handle */
            id: string;
            name: string;
            displayName: string;
        };
        CredentialParameterDto: {
            /** @enum {string} */
            type: "public-key";
            /**
             * @description COSE algorithm (-7 ES256, -8 EdDSA, -257 RS256)
             * @example -7
             */
            alg: number;
        };
        AuthenticatorSelectionDto: {
            /** @enum {string} */
            residentKey?: "discouraged" | "preferred" | "required";
            requireResidentKey?: boolean;
            /** @enum {string} */
            userVerification?: "discouraged" | "preferred" | "required";
        };
        RegistrationOptionsDto: {
            /** @description base64url; single use, valid 5 minutes */
            challenge: string;
            rp: components["schemas"]["RelyingPartyDto"];
            user: components["schemas"]["WebauthnUserDto"];
            pubKeyCredParams: components["schemas"]["CredentialParameterDto"][];
            /** @example 300000 */
            timeout?: number;
            /** @description The caller's passkeys already registered (not to be registered twice). */
            excludeCredentials?: components["schemas"]["CredentialDescriptorDto"][];
            authenticatorSelection?: components["schemas"]["AuthenticatorSelectionDto"];
            /** @enum {string} */
            attestation?: "none";
            extensions?: {
                [key: string]: unknown;
            };
        };
        AttestationResponseDto: {
            /** @description base64url */
            clientDataJSON: string;
            /** @description base64url */
            attestationObject: string;
            /** @description base64url */
            authenticatorData?: string;
            transports?: string[];
            publicKeyAlgorithm?: number;
            /** @description base64url */
            publicKey?: string;
        };
        RegistrationResponseDto: {
            /** @description base64url credential id */
            id: string;
            /** @description base64url, the same as id */
            rawId: string;
            response: components["schemas"]["AttestationResponseDto"];
            /** @enum {string} */
            authenticatorAttachment?: "platform" | "cross-platform";
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            type: "public-key";
        };
        PasskeyRegisterDto: {
            /** @description startRegistration()’s answer. */
            response: components["schemas"]["RegistrationResponseDto"];
            /** @description A name to tell it apart ("Laptop", "YubiKey"); default "Passkey N". */
            name?: string;
        };
        PasskeyDto: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            last_used_at: string | null;
            /**
             * @description multiDevice: a synced passkey.
             * @enum {string}
             */
            device_type: "singleDevice" | "multiDevice";
            /** @description Whether the authenticator says it is backed up (synced). */
            backed_up: boolean;
            /**
             * @example [
             *       "internal",
             *       "hybrid"
             *     ]
             */
            transports?: string[];
        };
        PasskeyListDto: {
            items: components["schemas"]["PasskeyDto"][];
        };
        PasskeyRenameDto: {
            /** @description The new name. */
            name: string;
        };
        PasskeyDeleteDto: {
            /**
             * Format: password
             * @description The caller's password: removing a factor needs it.
             * @example SecurePassword123!
             */
            password: string;
            /** @description Required when this is the account's last second factor: this passkey's assertion for the options of POST /auth/passkeys/confirm/options. */
            passkey?: components["schemas"]["AuthenticationResponseDto"];
        };
        PasskeyLoginDto: {
            /** @description startAuthentication()’s answer. */
            response: components["schemas"]["AuthenticationResponseDto"];
        };
        UpdateProfileDto: {
            /**
             * Format: email
             * @description Stored lower-cased and NFC-normalised; unique. Control, bidirectional and invisible characters are refused.
             * @example user@example.com
             */
            email?: string;
            /**
             * @description Unique, case-insensitively; display case kept.
             * @example herman_fan
             */
            username?: string;
            /**
             * @description Display name.
             * @example Herman Fan
             */
            full_name?: string | null;
            /**
             * Format: password
             * @description Required with a new `email`: the password in use now. A wrong one counts against the login lock-out.
             * @example SecurePassword123!
             */
            current_password?: string;
        };
        ProfileUpdateDto: {
            /** Format: uuid */
            id: string;
            /** @example user@example.com */
            email: string;
            /** @example herman_fan */
            username: string;
            /** @example Herman Fan */
            full_name: string | null;
            is_active: boolean;
            is_admin: boolean;
            /** @description Whether the address was proven by a link sent to it (always true for accounts made before verification existed). */
            email_verified: boolean;
            /** Format: date-time */
            created_at: string;
            /**
             * @description Present (with status 202) when a new email was asked for: it takes effect once the link mailed to it is opened.
             * @example new@example.com
             */
            pending_email?: string;
        };
        UserPage: {
            items: components["schemas"]["UserDto"][];
            /** @example 1 */
            total: number;
            /** @example 20 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        AdminUpdateUserDto: {
            /** @description false disables the account and ends its sessions. */
            is_active?: boolean;
            /** @description The last active admin cannot lose the flag (409). */
            is_admin?: boolean;
        };
        CreateServerDto: {
            /**
             * @description Trimmed; unique among the caller's servers, compared case-insensitively (409 otherwise).
             * @example web-01
             */
            name: string;
            /**
             * @description The machine's host name, for people (not checked).
             * @example web-01.example.com
             */
            hostname?: string | null;
            /**
             * @description One line of text, up to 1000 characters.
             * @example Front web server
             */
            description?: string | null;
            /**
             * @description Up to 20 tags of 1–50 characters of `[A-Za-z0-9_.:-]`; trimmed, duplicates dropped.
             * @example [
             *       "prod",
             *       "eu-west-1"
             *     ]
             */
            tags?: string[];
        };
        AgentInfoDto: {
            /**
             * @description Agent version it reported.
             * @example 1.4.0
             */
            version: string | null;
            /**
             * @description Host name the agent reported.
             * @example web-01
             */
            hostname: string | null;
            /**
             * @description Operating system it reported.
             * @example Ubuntu 24.04
             */
            os: string | null;
            /**
             * @description Platform it reported.
             * @example linux
             */
            platform: string | null;
            /**
             * Format: date-time
             * @description When the agent connected.
             */
            connected_at: string;
            /**
             * @description Address it connected from.
             * @example 203.0.113.7
             */
            ip: string | null;
        };
        ServerDto: {
            /**
             * Format: uuid
             * @description Server id.
             */
            id: string;
            /**
             * @description Unique among the owner's servers (case-insensitively).
             * @example web-01
             */
            name: string;
            /**
             * @description Host name, for people.
             * @example web-01.example.com
             */
            hostname: string | null;
            /**
             * @description Free text.
             * @example Front web server
             */
            description: string | null;
            /**
             * @description Tags, in the order given.
             * @example [
             *       "prod"
             *     ]
             */
            tags: string[];
            /**
             * @description online while at least one of its agents is connected.
             * @enum {string}
             */
            status: "online" | "offline";
            /**
             * Format: date-time
             * @description Last heartbeat of an agent, if any.
             */
            last_seen_at: string | null;
            /** @description What the last connected agent reported, if any. */
            agent: components["schemas"]["AgentInfoDto"] | null;
            /**
             * Format: date-time
             * @description Creation time.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description Last change of the server's fields.
             */
            updated_at: string;
        };
        ServerPage: {
            items: components["schemas"]["ServerDto"][];
            /** @example 1 */
            total: number;
            /** @example 20 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        UpdateServerDto: {
            /**
             * @description Trimmed; unique among the caller's servers, compared case-insensitively (409 otherwise).
             * @example web-01
             */
            name?: string;
            /**
             * @description The machine's host name; `null` clears it.
             * @example web-01.example.com
             */
            hostname?: string | null;
            /**
             * @description One line of text, up to 1000 characters; `null` clears it.
             * @example Front web server
             */
            description?: string | null;
            /**
             * @description Up to 20 tags of 1–50 characters of `[A-Za-z0-9_.:-]`; trimmed, duplicates dropped.
             * @example [
             *       "prod",
             *       "eu-west-1"
             *     ]
             */
            tags?: string[];
        };
        CreateApiKeyDto: {
            /**
             * @description A label for people; trimmed; need not be unique.
             * @example prod agent
             */
            name: string;
            /**
             * Format: date-time
             * @description When the key stops working by itself: an ISO-8601 date-time in the future (422 otherwise). Omit for a key that does not expire.
             * @example 2027-01-01T00:00:00.000Z
             */
            expires_at?: string | null;
        };
        ApiKeyCreatedDto: {
            /**
             * Format: uuid
             * @description Key id.
             */
            id: string;
            /**
             * @description Label given at creation.
             * @example prod agent
             */
            name: string;
            /**
             * @description The first 12 characters of the key, to recognise it by.
             * @example chatops_4fT9
             */
            prefix: string;
            /**
             * Format: date-time
             * @description Creation time.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When it stops working by itself, if ever.
             */
            expires_at: string | null;
            /**
             * @description The API key. Shown in this response only: it cannot be retrieved again, store it now.
             * @example chatops_4fT9kQ2mZx7LwP0aB3cD5eF6gH8iJ1kL3AWrCU
             */
            key: string;
            /**
             * Format: uuid
             * @description The server the key authenticates as.
             */
            server_id: string;
            /**
             * Format: date-time
             * @description Always null for a new key.
             * @example null
             */
            last_used_at: string | null;
        };
        ApiKeyDto: {
            /**
             * Format: uuid
             * @description Key id.
             */
            id: string;
            /**
             * @description Label given at creation.
             * @example prod agent
             */
            name: string;
            /**
             * @description The first 12 characters of the key, to recognise it by.
             * @example chatops_4fT9
             */
            prefix: string;
            /**
             * @description revoked once `revoked_at` has passed, expired once `expires_at` has; a rotated key stays active through its grace period.
             * @enum {string}
             */
            status: "active" | "revoked" | "expired";
            /**
             * Format: date-time
             * @description Creation time.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When it stops working by itself, if ever.
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description Last successful authentication with it (recorded at most once a minute).
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @description When it was (or, during a rotation's grace period, will be) revoked.
             */
            revoked_at: string | null;
        };
        ApiKeyListDto: {
            /** @description Every key of the server, oldest first, revoked and expired ones included. */
            items: components["schemas"]["ApiKeyDto"][];
        };
        RotateApiKeyDto: {
            /**
             * @description How long the old key keeps working, in seconds (0: revoked at once; at most one day).
             * @default 0
             * @example 300
             */
            grace_period_seconds: number;
        };
        ActionDto: {
            /**
             * @description Unique among the agent’s actions.
             * @example journal
             */
            name: string;
            /** @example Last lines of a unit’s journal */
            description: string;
            /**
             * @description JSON Schema of the params: an object of string / number / integer / boolean properties (with enum, bounds, lengths, default).
             * @example {
             *       "type": "object",
             *       "properties": {
             *         "unit": {
             *           "type": "string",
             *           "enum": [
             *             "nginx",
             *             "postgresql"
             *           ]
             *         },
             *         "lines": {
             *           "type": "integer",
             *           "minimum": 1,
             *           "maximum": 1000,
             *           "default": 100
             *         }
             *       },
             *       "required": [
             *         "unit"
             *       ]
             *     }
             */
            params: {
                [key: string]: unknown;
            };
            /**
             * @description The agent ends a run that lasts longer (`timed_out`).
             * @example 30
             */
            timeout_s: number;
            /**
             * @description How careful a person should be running it.
             * @enum {string}
             */
            risk: "low" | "high";
        };
        ActionListDto: {
            /** @description The catalog of the connected agent(s) of the server; empty when none is connected. */
            items: components["schemas"]["ActionDto"][];
        };
        CreateJobDto: {
            /**
             * @description The action's name, as in `GET /servers/{id}/actions` (422 when no agent has it).
             * @example journal
             */
            action: string;
            /**
             * @description The action's parameters, checked against its `params` JSON Schema (422 item per problem, at `loc: ["body", "params", <name>]`); at most 16 KiB as JSON. Default `{}`.
             * @example {
             *       "unit": "nginx",
             *       "lines": 50
             *     }
             */
            params?: {
                [key: string]: unknown;
            };
        };
        JobSummaryDto: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            server_id: string;
            /** @example journal */
            action: string;
            /**
             * @example {
             *       "unit": "nginx"
             *     }
             */
            params: {
                [key: string]: unknown;
            };
            /**
             * @description queued → running → succeeded | failed | timed_out | cancelled | lost. `lost`: the agent (or the instance holding it) went away and did not come back in time; never retried.
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "timed_out" | "cancelled" | "lost";
            /** @description The command's exit code, if it ended. */
            exit_code: number | null;
            /** @description Why the API ended it or the agent refused it (null when the agent reported the end). */
            error: string | null;
            /** @description Output went past 1 MiB; the rest was dropped. */
            truncated: boolean;
            /**
             * Format: uuid
             * @description Who asked for it.
             */
            requested_by: string | null;
            /** @example 30 */
            timeout_s: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            started_at: string | null;
            /** Format: date-time */
            finished_at: string | null;
        };
        JobSummaryPage: {
            items: components["schemas"]["JobSummaryDto"][];
            /** @example 1 */
            total: number;
            /** @example 20 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        JobOutputChunkDto: {
            /**
             * @description The agent's sequence number of the chunk.
             * @example 0
             */
            seq: number;
            /** @enum {string} */
            stream: "stdout" | "stderr";
            /**
             * @description Text, never HTML.
             * @example Active: active (running)
             */
            data: string;
        };
        JobDto: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            server_id: string;
            /** @example journal */
            action: string;
            /**
             * @example {
             *       "unit": "nginx"
             *     }
             */
            params: {
                [key: string]: unknown;
            };
            /**
             * @description queued → running → succeeded | failed | timed_out | cancelled | lost. `lost`: the agent (or the instance holding it) went away and did not come back in time; never retried.
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "timed_out" | "cancelled" | "lost";
            /** @description The command's exit code, if it ended. */
            exit_code: number | null;
            /** @description Why the API ended it or the agent refused it (null when the agent reported the end). */
            error: string | null;
            /** @description Output went past 1 MiB; the rest was dropped. */
            truncated: boolean;
            /**
             * Format: uuid
             * @description Who asked for it.
             */
            requested_by: string | null;
            /** @example 30 */
            timeout_s: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            started_at: string | null;
            /** Format: date-time */
            finished_at: string | null;
            /** @description stdout and stderr interleaved as the agent sent them (at most 1 MiB in all). */
            output: components["schemas"]["JobOutputChunkDto"][];
        };
    };
    responses: {
        /** @description A dependency (the database) is unreachable, or logins are queued beyond their bound: `{"detail": "Service unavailable"}`; retry after `Retry-After` */
        ServiceUnavailable: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Missing, invalid or expired credentials: `{"detail": "Not authenticated"}` */
        NotAuthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Authenticated but not allowed */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Validation failed: one item per failed field */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ValidationErrorDto"];
            };
        };
        /** @description Malformed request body: `{"detail": "Malformed request body"}` */
        MalformedRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Conflicts with an existing record */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Rate limited: `{"detail": "Too many requests"}` with a `Retry-After` header */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
        /** @description Unknown, or not yours: `{"detail": "Not Found"}` */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDto"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
        };
    };
    healthLiveAtRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
        };
    };
    healthReadyAtRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessDto"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    healthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessDto"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    auditList: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description Items to skip. */
                offset?: number;
                /** @description An action (`auth.login.failed`), or a kind: the first parts of actions (`auth.login` matches `auth.login.succeeded`, `auth.login.failed`…; `api_key` every key event). */
                action?: string;
                /** @description Events at or after this time. */
                since?: string;
                /** @description Events before this time. */
                until?: string;
                /** @description One server's events: the server's own (created, updated, deleted), its API keys' and its agents'. Within the caller's events (a server of theirs), or everyone's for an admin with `all=true`. */
                server?: string;
                /** @description Admins only: everyone's events. A non-admin passing it (or `actor`, `subject`) gets 403 "Admin privileges required". */
                all?: boolean;
                /** @description Admins only: events whose actor is this user (or agent key) id, across everyone's log. */
                actor?: string;
                /** @description Admins only: events whose subject is this id (a user, server, API key, session…), across everyone's log. */
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    auditExport: {
        parameters: {
            query?: {
                /** @description An action (`auth.login.failed`), or a kind: the first parts of actions (`auth.login` matches `auth.login.succeeded`, `auth.login.failed`…; `api_key` every key event). */
                action?: string;
                /** @description Events at or after this time. */
                since?: string;
                /** @description Events before this time. */
                until?: string;
                /** @description One server's events: the server's own (created, updated, deleted), its API keys' and its agents'. Within the caller's events (a server of theirs), or everyone's for an admin with `all=true`. */
                server?: string;
                /** @description Admins only: everyone's events. A non-admin passing it (or `actor`, `subject`) gets 403 "Admin privileges required". */
                all?: boolean;
                /** @description Admins only: events whose actor is this user (or agent key) id, across everyone's log. */
                actor?: string;
                /** @description Admins only: events whose subject is this id (a user, server, API key, session…), across everyone's log. */
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newline-delimited JSON: one AuditEvent per line. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            401: components["responses"]["NotAuthenticated"];
            /** @description Authenticated but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["ErrorDto"];
                };
            };
            /** @description Validation failed: one item per failed field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["ValidationErrorDto"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authRegister: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to receive the refresh token as an httpOnly, SameSite=Strict cookie `chatops_refresh` (Path=/api/v1/auth) instead of in the body (the answer then has no `refresh_token`). The web console does; other clients leave it out. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authLogin: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to receive the refresh token as an httpOnly, SameSite=Strict cookie `chatops_refresh` (Path=/api/v1/auth) instead of in the body (the answer then has no `refresh_token`). The web console does; other clients leave it out. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["LoginDto"];
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            /**
             * @description Missing, invalid or expired credentials: `{"detail": "Not authenticated"}`
             *
             *     `Invalid username or password`; or, for an account with a second factor and the right password, `Second factor required` with an `mfa_token` and the `methods` to finish with (POST /auth/mfa/verify).
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecondFactorRequiredDto"];
                };
            };
            /**
             * @description Authenticated but not allowed
             *
             *     `{"detail": "Account is disabled"}`, or with EMAIL_VERIFICATION=required `{"detail": "Email not verified"}` (both only after a right password)
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDto"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to receive the refresh token as an httpOnly, SameSite=Strict cookie `chatops_refresh` (Path=/api/v1/auth) instead of in the body (the answer then has no `refresh_token`). The web console does; other clients leave it out. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["LoginDto"];
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            /**
             * @description Missing, invalid or expired credentials: `{"detail": "Not authenticated"}`
             *
             *     `Invalid username or password`; or, for an account with a second factor and the right password, `Second factor required` with an `mfa_token` and the `methods` to finish with (POST /auth/mfa/verify).
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecondFactorRequiredDto"];
                };
            };
            /**
             * @description Authenticated but not allowed
             *
             *     `{"detail": "Account is disabled"}`, or with EMAIL_VERIFICATION=required `{"detail": "Email not verified"}` (both only after a right password)
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDto"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authRefresh: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to present the `chatops_refresh` cookie instead of a body `refresh_token` and to receive the new refresh token as that cookie (the answer then has no `refresh_token`). The cookie is never read without this header (CSRF protection). A refused refresh clears the cookie. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: {
                /** @description The refresh token, when it was issued in cookie mode. Read only with `X-Refresh-Cookie: 1`. */
                chatops_refresh?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sessionsLogout: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to also clear the `chatops_refresh` cookie. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogoutDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sessionsLogoutAll: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to also clear the `chatops_refresh` cookie. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sessionsList: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionListDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sessionsRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    profileChangePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountRecoveryRequestReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailAddressDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountRecoveryConfirmReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmPasswordResetDto"];
            };
        };
        responses: {
            /** @description Password set; every session of the account has ended. Nobody is signed in. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed body, or an unknown, used, voided or expired link: `{"detail": "Invalid or expired link"}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDto"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountRecoveryVerifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountTokenDto"];
            };
        };
        responses: {
            /** @description The address is verified. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed body, or an unknown, used, voided or expired link: `{"detail": "Invalid or expired link"}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDto"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountRecoveryResendVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailAddressDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminAccountRemove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminUsersUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminUpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminAccountSendReset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountConfirmEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description Malformed body, or an unknown, used, voided or expired link: `{"detail": "Invalid or expired link"}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    profileMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    accountDeleteSelf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteAccountDto"];
            };
        };
        responses: {
            /** @description The account is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    profileUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfileDto"];
            };
        };
        responses: {
            /** @description Changed (no new email). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description A new email waits for its link. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileUpdateDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaStatusDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaBegin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordProofDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpSetupDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpDisableDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpCodeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaLoginVerify: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to receive the refresh token as an httpOnly, SameSite=Strict cookie `chatops_refresh` (Path=/api/v1/auth) instead of in the body (the answer then has no `refresh_token`). The web console does; other clients leave it out. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaVerifyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            /** @description `Invalid or expired mfa_token`, or `Invalid code` (a wrong or reused code, recovery code or passkey). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mfaLoginPasskeyOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthenticationOptionsDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            /** @description `Invalid or expired mfa_token` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysRegistrationOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordProofDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOptionsDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysRegister: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyRegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysConfirmOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthenticationOptionsDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysList: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyListDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysRemove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyDeleteDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeysRename: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyRenameDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeyLoginOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthenticationOptionsDto"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    passkeyLoginLogin: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send `1` to receive the refresh token as an httpOnly, SameSite=Strict cookie `chatops_refresh` (Path=/api/v1/auth) instead of in the body (the answer then has no `refresh_token`). The web console does; other clients leave it out. */
                "X-Refresh-Cookie"?: "1";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyLoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            /** @description `Passkey not accepted` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    profileAuthMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminUsersList: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description Items to skip. */
                offset?: number;
                /** @description Case-insensitive match on username, email or full name. */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serversList: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description Items to skip. */
                offset?: number;
                /** @description Case-insensitive substring of the name, hostname or description. */
                search?: string;
                /** @description Only servers with an agent connected (online) or none (offline). */
                status?: "online" | "offline";
                /** @description Only servers carrying exactly this tag. */
                tag?: string;
                /** @description Admins only: every user's servers. A non-admin passing `true` gets 403 "Admin privileges required". */
                all?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerPage"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serversCreate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateServerDto"];
            };
        };
        responses: {
            /** @description The new server (offline until an agent connects). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serversGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serversRemove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serversUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateServerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    apiKeysList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyListDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    apiKeysCreate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description The new key. The response carries the key itself, shown this once: it is stored only as a hash and can never be retrieved again. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreatedDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    apiKeysRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
                /** @description A key of that server (404 otherwise). */
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (or already was). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    apiKeysRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
                /** @description A key of that server (404 otherwise). */
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateApiKeyDto"];
            };
        };
        responses: {
            /** @description The new key. The response carries the key itself, shown this once: it is stored only as a hash and can never be retrieved again. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreatedDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serverJobsActions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionListDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serverJobsList: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description Items to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobSummaryPage"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    serverJobsCreate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any 1–255 visible ASCII characters (a UUID, typically): a retry never runs the action twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description One of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateJobDto"];
            };
        };
        responses: {
            /** @description The job (`queued`). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobSummaryDto"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    jobsGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A job on one of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    jobsCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A job on one of the caller's servers (404 otherwise). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancellation under way (the job as it is now). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobSummaryDto"];
                };
            };
            401: components["responses"]["NotAuthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
