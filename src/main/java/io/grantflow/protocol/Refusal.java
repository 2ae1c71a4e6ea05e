package io.grantflow.protocol;

/**
 * Every refusal Grantflow answers, once: its stable code, the HTTP status it is answered with and a title for people.
 * Exceptions, the problem documents, the OpenAPI description and {@code docs/refusals.md} all read this catalogue, so a
 * code cannot be answered without being documented, and a client can rely on the code alone.
 */
public enum Refusal {

    ACCESS_TOKEN_EXPIRED(401, "access-token-expired", "The access token has expired", Door.API),
    ACCESS_TOKEN_INVALID(401, "access-token-invalid", "The access token is not valid", Door.API),
    ACCESS_TOKEN_NOT_AN_ACCESS_TOKEN(401, "access-token-not-an-access-token", "Not an access token (an ID token, or another type)", Door.API),
    ACCESS_TOKEN_WITHOUT_EXPIRY(401, "access-token-without-expiry", "The access token has no expiry", Door.API),
    ACCESS_TOKEN_WRONG_AUDIENCE(401, "access-token-wrong-audience", "The access token is not for Grantflow", Door.API),
    ACCOUNT_MISMATCH(409, "account-mismatch", "The objects belong to different accounts", Door.API),
    ACTIVATION_NOT_ACTIVE(409, "activation-not-active", "The remote activation is not active", Door.API),
    API_TOKEN_EXPIRED(401, "api-token-expired", "The API token has expired", Door.API),
    API_TOKEN_INVALID(401, "api-token-invalid", "Not an API token Grantflow issued", Door.API),
    API_TOKEN_REVOKED(401, "api-token-revoked", "The API token was revoked", Door.API),
    ASSIGNMENT_NOT_ACTIVE(409, "assignment-not-active", "The credit assignment is not active", Door.API),
    CONCURRENT_MODIFICATION(409, "concurrent-modification", "Changed by another request at the same time; nothing was changed", Door.API),
    CONFLICT(409, "conflict", "The request conflicts with the current state", Door.API),
    CONNECTION_TOKEN_ISSUED(409, "connection-token-issued", "The connection token was already issued", Door.FLOW),
    CONNECTION_TOKEN_SUPERSEDED(409, "connection-token-superseded", "A newer connection token replaces this one", Door.API),
    CREDITS_NOT_RETURNED(409, "credits-not-returned", "The credits have not come back", Door.FLOW),
    CROSS_SITE_REQUEST(403, "cross-site-request", "A write from a page of another site", Door.API),
    DEPLOYMENT_REFUSED(403, "deployment-refused", "Only the models Grantflow ships may be deployed", Door.ENGINE),
    DISCONNECT_NOT_REQUESTED(409, "disconnect-not-requested", "No disconnect was requested", Door.FLOW),
    DISCONNECT_PROOF_MISSING(409, "disconnect-proof-missing", "The installation's disconnect proof has not arrived", Door.FLOW),
    DISCONNECT_PROOF_NOT_AWAITED(409, "disconnect-proof-not-awaited", "No disconnect waits for a proof", Door.API),
    DISCONNECT_PROOF_STALE(409, "disconnect-proof-stale", "The disconnect proof is for an older connection", Door.API),
    DUE_DATE_REQUIRED(400, "due-date-required", "A job needs a due date", Door.ENGINE),
    EDGE_ID_TAKEN(409, "edge-id-taken", "The installation or system id is taken", Door.API),
    EXPRESSION_REFUSED(403, "expression-refused", "The expression reaches beyond Grantflow's steps", Door.ENGINE),
    FORBIDDEN(403, "forbidden", "Your groups may not do this", Door.API),
    FOUR_EYES(403, "four-eyes", "A second person must decide", Door.API),
    HOLDING_MISMATCH(409, "holding-mismatch", "The holding does not match the ledger", Door.FLOW),
    IDEMPOTENCY_KEY_IN_USE(409, "idempotency-key-in-use", "A request with this Idempotency-Key is still running", Door.API),
    IDEMPOTENCY_KEY_REUSED(409, "idempotency-key-reused", "The Idempotency-Key was used for another request", Door.API),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "identity-provider-unavailable", "The identity provider cannot be reached", Door.API),
    INSTALLATION_DISCONNECTED(409, "installation-disconnected", "The installation is disconnected", Door.API),
    INSUFFICIENT_BALANCE(409, "insufficient-balance", "The pool holds less than asked", Door.FLOW),
    INSUFFICIENT_CREDITS(409, "insufficient-credits", "The subscription has fewer credits than asked", Door.API),
    INTERNAL_ERROR(500, "internal-error", "Grantflow failed; quote the id", Door.API),
    INVALID_CURSOR(400, "invalid-cursor", "Not a cursor this collection handed out", Door.API),
    INVALID_KEY(400, "invalid-key", "The public key is not valid", Door.API),
    INVALID_LIMIT(400, "invalid-limit", "The page size is out of range", Door.API),
    INVALID_REQUEST(400, "invalid-request", "The request is not valid", Door.API),
    INVALID_STATE(400, "invalid-state", "Not a state of this kind of object", Door.API),
    MALFORMED_BODY(400, "malformed-body", "The body cannot be read", Door.API),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The path does not take this method", Door.API),
    NO_REVOKE_IN_PROGRESS(409, "no-revoke-in-progress", "No revoke is in progress", Door.API),
    NO_SUCH_STEP(409, "no-such-step", "The flow does not wait for this step", Door.API),
    NOT_ACCEPTABLE(406, "not-acceptable", "No representation matches the Accept header", Door.API),
    NOT_FOUND(404, "not-found", "No such resource", Door.API),
    NOT_READY(409, "not-ready", "Not ready yet", Door.API),
    PASSWORD_LOGIN_CLOSED(403, "password-login-closed", "Sign in through the identity provider", Door.FLOW),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request is too large", Door.API),
    RATE_LIMITED(429, "rate-limited", "Too many requests", Door.API),
    RECEIPT_MISSING(409, "receipt-missing", "The installation's receipt has not arrived", Door.FLOW),
    RECEIPT_STALE(409, "receipt-stale", "The receipt is for an older connection token", Door.API),
    REVOKE_IN_PROGRESS(409, "revoke-in-progress", "A revoke is already in progress", Door.API),
    SCRIPTS_REFUSED(403, "scripts-refused", "Scripts are not run", Door.ENGINE),
    SEATS_EXCEED_LICENSE(409, "seats-exceed-license", "More seats than the license has", Door.API),
    SIGNING_FAILED(500, "signing-failed", "A token could not be signed", Door.API),
    SUBSCRIPTION_NOT_ACTIVE(409, "subscription-not-active", "The subscription is not active", Door.API),
    TOKEN_ALGORITHM_NOT_ALLOWED(400, "token-algorithm-not-allowed", "The token's algorithm is not accepted", Door.API),
    TOKEN_EXPIRED(400, "token-expired", "The token has expired", Door.API),
    TOKEN_INVALID_SIGNATURE(400, "token-invalid-signature", "The token's signature does not verify", Door.API),
    TOKEN_LIFETIME_TOO_LONG(400, "token-lifetime-too-long", "The token lives longer than allowed", Door.API),
    TOKEN_MALFORMED(400, "token-malformed", "Not a token Grantflow can read", Door.API),
    TOKEN_NOT_YET_VALID(400, "token-not-yet-valid", "The token is not valid yet", Door.API),
    TOKEN_REPLAYED(400, "token-replayed", "The token was used before", Door.API),
    TOKEN_SUPERSEDED(409, "token-superseded", "A newer connection token was applied", Door.EDGE),
    TOKEN_TOO_LARGE(400, "token-too-large", "The token is too large", Door.API),
    TOKEN_UNKNOWN_KEY(400, "token-unknown-key", "The token's key is not known", Door.API),
    TOKEN_UNKNOWN_SUBJECT(400, "token-unknown-subject", "The token names nothing Grantflow knows", Door.API),
    TOKEN_WRONG_AUDIENCE(400, "token-wrong-audience", "The token is addressed to someone else", Door.API),
    TOKEN_WRONG_TYPE(400, "token-wrong-type", "The token is of another type", Door.API),
    TOO_EARLY(409, "too-early", "Too early for this step", Door.FLOW),
    UNAUTHORIZED(401, "unauthorized", "Authentication is required", Door.API),
    UNKNOWN_PARAMETER(400, "unknown-parameter", "Not a parameter of this collection", Door.API),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body's media type is not accepted", Door.API),
    UPDATE_IN_PROGRESS(409, "update-in-progress", "An update is already in progress", Door.API),
    UPDATE_NOT_CONFIGURED(409, "update-not-configured", "The update's seats are not configured", Door.FLOW),
    UPDATE_NOT_OPEN(409, "update-not-open", "The update is not open", Door.FLOW),
    UPDATE_NOT_SAVED(409, "update-not-saved", "The update is not saved", Door.FLOW),
    UPDATE_SAVED(409, "update-saved", "The update is already saved", Door.API),
    WEBHOOK_URL_REFUSED(400, "webhook-url-refused", "The webhook URL is not a public https address", Door.API);

    /**
     * Where a refusal is answered: under {@code /api/v1}, inside the flows (incidents, Tasklist), at the engine's doors,
     * or by the edge agent to its operator.
     */
    public enum Door {
        API, FLOW, ENGINE, EDGE
    }

    private final int status;
    private final String code;
    private final String title;
    private final Door door;

    Refusal(int status, String code, String title, Door door) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.door = door;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Door door() {
        return door;
    }

    /** The refusal, with why in words for people. */
    public GrantflowException exception(String detail) {
        return new GrantflowException(this, detail);
    }

    /** The entry of a code, or null for a code the catalogue does not hold. */
    public static Refusal of(String code) {
        for (Refusal r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        return null;
    }
}
