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
         * @description Accepts the ChatOps body (`password_confirm`, `full_name`) and the W.W.H.D. body (`name`). The first account on an empty database becomes admin. Returns the user's fields at the top level (as the W.W.H.D. document's clients read them), the same under `user` (the ChatOps shape), and a first session's tokens.
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
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's name, email or username */
        patch: operations["profileUpdate"];
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
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Enable/disable a user or change the admin flag (admin)
         * @description Disabling ends the user's sessions; their servers' agents stay connected. The last active admin cannot be demoted or disabled (409).
         */
        patch: operations["adminUsersUpdate"];
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
        /** @description Validation failed: one item per failed field */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ValidationErrorDto"];
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
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
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
            401: components["responses"]["NotAuthenticated"];
            403: components["responses"]["Forbidden"];
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
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
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
