package io.grantflow.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the OpenAPI document says beyond the controllers' signatures, in one table: each endpoint's problem codes
 * by status (the contract), who may call it, and an example of every request body. {@link OpenApiConfig}
 * applies it; {@code OpenApiDocumentTest} fails when a controller endpoint has no row here.
 */
final class ApiDocs {

    /** How a caller proves who it is. */
    enum Auth { BASIC, PUBLIC, EDGE_BEARER, SIGNED_BODY_OR_BASIC }

    /** One endpoint: groups, summary, problem codes by status, and request body examples by content type. */
    record Endpoint(String who, String summary, Auth auth, Map<Integer, List<String>> problems,
            Map<String, Map<String, Object>> examples, int successStatus, boolean jwtBody, String operationId) {

        Endpoint(String who, String summary, Auth auth, Map<Integer, List<String>> problems, Map<String, Map<String, Object>> examples) {
            this(who, summary, auth, problems, examples, 200, false, null);
        }

        /** The operation's id: the method name a generated client gives it (springdoc's would be get_1, get_2 …). */
        Endpoint id(String operationId) {
            return new Endpoint(who, summary, auth, problems, examples, successStatus, jwtBody, operationId);
        }

        /** The success status the endpoint really answers (springdoc infers 200 from a ResponseEntity). */
        Endpoint status(int success) {
            return new Endpoint(who, summary, auth, problems, examples, success, jwtBody, operationId);
        }

        /** The success body is a compact JWS sent as application/jwt. */
        Endpoint jwt() {
            return new Endpoint(who, summary, auth, problems, examples, successStatus, true, operationId);
        }

        Endpoint problem(int status, String... codes) {
            Map<Integer, List<String>> more = new TreeMap<>(problems);
            more.merge(status, List.of(codes), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
            return new Endpoint(who, summary, auth, more, examples, successStatus, jwtBody, operationId);
        }

        /** A named example of the body in this content type. */
        Endpoint example(String contentType, String name, Object value) {
            Map<String, Map<String, Object>> more = new LinkedHashMap<>(examples);
            more.computeIfAbsent(contentType, k -> new LinkedHashMap<>());
            Map<String, Object> byName = new LinkedHashMap<>(more.get(contentType));
            byName.put(name, value);
            more.put(contentType, byName);
            return new Endpoint(who, summary, auth, problems, more, successStatus, jwtBody, operationId);
        }
    }

    static final String JSON = "application/json";
    static final String JWT = "application/jwt";

    static final String[] TOKEN_CODES = {"token-malformed", "token-too-large", "token-invalid-signature", "token-unknown-key",
            "token-algorithm-not-allowed", "token-wrong-type", "token-wrong-audience", "token-expired", "token-not-yet-valid",
            "token-replayed", "token-unknown-subject"};
    static final String[] IDEMPOTENCY_CONFLICTS = {"idempotency-key-reused", "idempotency-key-in-use"};

    /** RFC 7515 A.3's P-256 public key: valid on the curve, so "Try it out" passes the key check. */
    static final Map<String, Object> EXAMPLE_JWK = Map.of("kty", "EC", "crv", "P-256",
            "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    static final String EXAMPLE_TOKEN = exampleToken("update+jwt");

    /** A compact JWS of this type (its shape only: the signature is a placeholder), as the edge sends it. */
    static String exampleToken(String typ) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + typ + "\"}";
        String claims = "{\"iss\":\"RCC-PLANT-7\",\"sub\":\"RA-...\",\"aud\":\"grantflow\"}";
        return b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Endpoint of(String who, String summary) {
        return new Endpoint(who, summary, Auth.BASIC, new TreeMap<>(), new LinkedHashMap<>());
    }

    /** A collection: {items, next}, cursor-paged; the customers' own account only. */
    private static Endpoint list(String summary, boolean states) {
        Endpoint e = of("operators, integrators, auditors (customers: their own account)", summary + " (`{items, next}`, oldest first,"
                + " cursor-paged: `limit`, `cursor`)").problem(400, "invalid-limit", "invalid-cursor", "unknown-parameter", "invalid-request");
        return states ? e.problem(400, "invalid-state") : e;
    }

    private static Endpoint start(String who, String summary) {
        return of(who, summary).status(202).problem(400, "invalid-request", "malformed-body")
                .problem(409, IDEMPOTENCY_CONFLICTS).problem(415, "unsupported-media-type");
    }

    private static Endpoint tokenBody(Endpoint e, String typ) {
        return e.example(JWT, typ, exampleToken(typ)).example(JSON, typ + " in JSON", Map.of("token", exampleToken(typ)));
    }

    /** Keyed by "METHOD path" as the OpenAPI document names them. */
    static final Map<String, Endpoint> ENDPOINTS = endpoints();

    private static Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> m = new LinkedHashMap<>();
        m.put("GET /.well-known/jwks.json", new Endpoint("public", "Grantflow's public signing keys, current and still-valid old ones",
                Auth.PUBLIC, new TreeMap<>(), new LinkedHashMap<>()).id("getJwks"));

        m.put("GET /api/v1/licenses", list("Licenses, each as GET /api/v1/licenses/{id} shows it; by account", false)
                .id("listLicenses"));
        m.put("GET /api/v1/licenses/{id}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only", "A license's printer seats: total, allocated, in flight, available")
                .problem(404, "not-found").id("getLicense"));
        m.put("POST /api/v1/licenses/{licenseId}/remote-activations", start("operators, integrators; customer-admin: its account's only",
                "Add new: starts remote-activation-add for an installation and its public key")
                .problem(400, "invalid-key").problem(404, "not-found")
                .problem(409, "seats-exceed-license", "account-mismatch", "edge-id-taken", "installation-disconnected")
                .example(JSON, "ten seats", Map.of("installationId", "RCC-PLANT-7", "installationKey", EXAMPLE_JWK, "seats", 10,
                        "expiresAt", "2027-06-30T00:00:00Z")).id("addRemoteActivation"));
        m.put("GET /api/v1/remote-activations", list("Remote activations, each as GET /api/v1/remote-activations/{id} shows it;"
                + " by account, license and state", true).id("listRemoteActivations"));
        m.put("GET /api/v1/remote-activations/{id}/updates", list("An activation's updates, each as"
                + " GET /api/v1/remote-activations/updates/{updateId} shows it; by status", true).problem(404, "not-found")
                .id("listActivationUpdates"));
        m.put("GET /api/v1/remote-activations/{id}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only", "A remote activation: state, seats, expiry, pending update")
                .problem(404, "not-found").id("getRemoteActivation"));
        m.put("GET /api/v1/remote-activations/{id}/connection-token", of("operators, integrators; customer-admin: its account's only",
                "The newest connection token of a live activation (add or update); never a disconnected or expired one's").jwt()
                .problem(404, "not-found").problem(409, "not-ready", "activation-not-active").id("getActivationConnectionToken"));
        m.put("POST /api/v1/remote-activations/{id}/disconnect", of("operators; customer-admin: its account's only",
                "Starts remote-activation-disconnect: its tokens are no longer served; never-applied seats go back at once, applied"
                        + " ones stay in flight until a disconnect+jwt or the expiry of what the installation holds").status(202)
                .problem(404, "not-found").problem(409, "activation-not-active")
                .problem(409, IDEMPOTENCY_CONFLICTS).id("disconnectRemoteActivation"));
        m.put("POST /api/v1/remote-activations/{id}/receipts", tokenBody(new Endpoint("edge (signed receipt) or operators",
                "The installation's receipt+jwt: closes the update, frees in-flight seats", Auth.SIGNED_BODY_OR_BASIC, new TreeMap<>(),
                new LinkedHashMap<>()).problem(400, TOKEN_CODES).problem(400, "invalid-request", "malformed-body")
                .problem(404, "not-found").problem(409, "activation-not-active", "receipt-stale").problem(415, "unsupported-media-type"),
                "receipt+jwt").id("postReceipt"));
        m.put("POST /api/v1/remote-activations/{id}/disconnect-proofs", tokenBody(new Endpoint("edge (signed proof) or operators",
                "The installation's disconnect+jwt for the activation's newest connection token: frees the in-flight seats of a"
                        + " disconnected activation", Auth.SIGNED_BODY_OR_BASIC, new TreeMap<>(), new LinkedHashMap<>())
                .problem(400, TOKEN_CODES).problem(400, "invalid-request", "malformed-body").problem(404, "not-found")
                .problem(409, "disconnect-proof-not-awaited", "disconnect-proof-stale").problem(415, "unsupported-media-type"),
                "disconnect+jwt").id("postDisconnectProof"));
        m.put("POST /api/v1/remote-activations/updates", tokenBody(start("operators, integrators; customer-admin: its account's only",
                "Starts remote-activation-update with the installation's update token")
                .problem(400, TOKEN_CODES).problem(409, "update-in-progress", "activation-not-active"), "update+jwt").id("startUpdate"));
        m.put("GET /api/v1/remote-activations/updates/{updateId}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only",
                "An update's status: AWAITING_SEAT_CONFIGURATION ... APPLIED, REJECTED, EXPIRED").problem(404, "not-found").id("getUpdate"));
        m.put("POST /api/v1/remote-activations/updates/{updateId}/seat-configuration", of("operators; customer-admin: its account's only",
                "Configure printer seats (the Tasklist task's step)")
                .problem(400, "invalid-request", "malformed-body").problem(404, "not-found")
                .problem(409, "seats-exceed-license", "no-such-step", "update-saved").problem(415, "unsupported-media-type")
                .example(JSON, "twelve seats", Map.of("seats", 12, "expiresAt", "2027-06-30T00:00:00Z"))
                .example(JSON, "reduce to four, same expiry", Map.of("seats", 4)).id("configureSeats"));
        m.put("POST /api/v1/remote-activations/updates/{updateId}/reduction-approval", of("operators, or another customer-admin of the account (not the configurer)",
                "Confirm seat reduction (four-eyes)")
                .problem(400, "invalid-request", "malformed-body").problem(403, "four-eyes").problem(404, "not-found")
                .problem(409, "no-such-step", "update-saved").problem(415, "unsupported-media-type")
                .example(JSON, "approve", Map.of("approved", true)).example(JSON, "reject", Map.of("approved", false)).id("approveReduction"));
        m.put("GET /api/v1/remote-activations/updates/{updateId}/connection-token", of("operators, integrators; customer-admin: its account's only",
                "The update's remote connection token, while its activation is live and the token its newest").jwt()
                .problem(404, "not-found").problem(409, "not-ready", "activation-not-active", "connection-token-superseded")
                .id("getUpdateConnectionToken"));

        m.put("GET /api/v1/subscriptions", list("Subscriptions, each as GET /api/v1/subscriptions/{id} shows it; by account and"
                + " state", true).id("listSubscriptions"));
        m.put("GET /api/v1/subscriptions/{id}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only",
                "A subscription's credits: total, assigned, in flight, available; state and warning").problem(404, "not-found").id("getSubscription"));
        m.put("POST /api/v1/systems", start("operators, integrators; customer-admin: its account's only", "Link a HOME system with its public key").status(201)
                .problem(400, "invalid-key").problem(404, "not-found").problem(409, "edge-id-taken")
                .example(JSON, "a HOME system", Map.of("accountId", "ACME", "label", "Plant 7 HOME", "systemKey", EXAMPLE_JWK)).id("linkSystem"));
        m.put("GET /api/v1/systems", list("HOME systems, each as GET /api/v1/systems/{id} shows it; by account", false)
                .id("listSystems"));
        m.put("GET /api/v1/systems/{id}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only", "A HOME system: online, last seen, its assignments")
                .problem(404, "not-found").id("getSystem"));
        m.put("POST /api/v1/systems/{id}/credit-assignments", start("operators, integrators; customer-admin: its account's only", "Starts credit-assignment")
                .problem(404, "not-found")
                .problem(409, "insufficient-credits", "subscription-not-active", "account-mismatch")
                .example(JSON, "permanent", Map.of("subscriptionId", "SUB-ANNUAL", "credits", 10))
                .example(JSON, "temporary", Map.of("subscriptionId", "SUB-ANNUAL", "credits", 5, "autoRevokeAt", "2027-01-31T00:00:00Z")).id("assignCredits"));
        m.put("GET /api/v1/credit-assignments", list("Credit assignments, each as GET /api/v1/credit-assignments/{id} shows it;"
                + " by account, system, subscription and state", true).id("listCreditAssignments"));
        m.put("GET /api/v1/credit-assignments/{id}", of("operators, integrators, auditors; customer-admin, customer-viewer: their account's only",
                "A credit assignment: state, downloaded, credit file jti, its ledger rows").problem(404, "not-found").id("getCreditAssignment"));
        m.put("POST /api/v1/credit-assignments/{id}/download", of("operators; customer-admin: its account's only",
                "Issues the credit file (application/jwt, attachment) and marks the assignment downloaded").jwt()
                .problem(404, "not-found").problem(409, "assignment-not-active").id("downloadCreditFile"));
        m.put("GET /api/v1/credit-assignments/{id}/credit-file", of("operators; customer-admin: its account's only", "The issued credit file again").jwt()
                .problem(403, "forbidden").problem(404, "not-found").problem(409, "assignment-not-active", "not-ready").id("getCreditFile"));
        m.put("POST /api/v1/credit-assignments/{id}/revocations", start("operators",
                "{} starts credit-revoke; {revokeKey} hands in the key a waiting revoke needs")
                .problem(400, TOKEN_CODES).problem(404, "not-found")
                .problem(409, "assignment-not-active", "revoke-in-progress", "no-revoke-in-progress")
                .example(JSON, "start a revoke", Map.of())
                .example(JSON, "hand in the revoke key", Map.of("revokeKey", exampleToken("revoke+jwt"))).id("revokeCredits"));

        m.put("POST /api/v1/edge/call-in", new Endpoint("edge (callin+jwt bearer)",
                "Heartbeat and sync of an installation or HOME system; posts receipts, revoke keys and disconnect proofs, answers pending files",
                Auth.EDGE_BEARER, new TreeMap<>(), new LinkedHashMap<>())
                .problem(400, "invalid-request", "malformed-body", "token-unknown-subject").problem(401, "unauthorized")
                .problem(401, TOKEN_CODES).problem(401, "token-lifetime-too-long").problem(415, "unsupported-media-type")
                .example(JSON, "heartbeat", Map.of("receipts", List.of(), "revokeKeys", List.of()))
                .example(JSON, "with a receipt", Map.of("receipts", List.of(exampleToken("receipt+jwt")), "revokeKeys", List.of()))
                .example(JSON, "with a revoke key", Map.of("receipts", List.of(), "revokeKeys", List.of(exampleToken("revoke+jwt"))))
                .example(JSON, "with a disconnect proof", Map.of("receipts", List.of(), "revokeKeys", List.of(),
                        "disconnectProofs", List.of(exampleToken("disconnect+jwt")))).id("callIn"));

        m.put("GET /api/v1/events", of("operators, integrators, auditors (every account's, or ?accountId=); customer-admin,"
                        + " customer-viewer: their account's only",
                "The event feed: state changes oldest first, after a cursor (?after=next of the previous page), of some"
                        + " types (?types=a,b), at most ?limit= (1-500, default 100); see docs/webhooks.md")
                .problem(400, "invalid-request").id("listEvents"));
        m.put("POST /api/v1/webhook-endpoints", of("customer-admin: its account's only; camunda-admin: every account's",
                "Registers a webhook endpoint (https, a public address); the answer holds its signing secret, shown this once")
                .status(201).problem(400, "invalid-request", "malformed-body", "webhook-url-refused").problem(404, "not-found")
                .problem(415, "unsupported-media-type")
                .example(JSON, "an endpoint", Map.of("url", "https://crm.example.com/grantflow", "events",
                        List.of("credits.downloaded", "activation.expiring"))).id("createWebhookEndpoint"));
        m.put("GET /api/v1/webhook-endpoints", of("customer-admin: its account's only; camunda-admin: every account's", "The webhook endpoints, without their secrets")
                .id("listWebhookEndpoints"));
        m.put("GET /api/v1/webhook-endpoints/{id}", of("customer-admin: its account's only; camunda-admin: every account's", "A webhook endpoint, without its secret")
                .problem(404, "not-found").id("getWebhookEndpoint"));
        m.put("POST /api/v1/webhook-endpoints/{id}/disable", of("customer-admin: its account's only; camunda-admin: every account's", "Stops sending to the endpoint")
                .problem(404, "not-found").problem(415, "unsupported-media-type").id("disableWebhookEndpoint"));
        m.put("POST /api/v1/webhook-endpoints/{id}/enable", of("customer-admin: its account's only; camunda-admin: every account's",
                "Sends to the endpoint again, from the next event on (redeliver sends what it missed)")
                .problem(404, "not-found").problem(415, "unsupported-media-type").id("enableWebhookEndpoint"));
        m.put("POST /api/v1/webhook-endpoints/{id}/rotate-secret", of("customer-admin: its account's only; camunda-admin: every account's",
                "A new signing secret, in this answer only; the old one also signs for the overlap (grantflow.webhooks.secret-overlap)")
                .problem(404, "not-found").problem(415, "unsupported-media-type").id("rotateWebhookSecret"));
        m.put("DELETE /api/v1/webhook-endpoints/{id}", of("customer-admin: its account's only; camunda-admin: every account's", "Deletes the endpoint and its delivery log").status(204)
                .problem(404, "not-found").id("deleteWebhookEndpoint"));
        m.put("GET /api/v1/webhook-endpoints/{id}/deliveries", of("customer-admin: its account's only; camunda-admin: every account's",
                "The endpoint's deliveries, newest event first: attempts, status, response code, next attempt")
                .problem(404, "not-found").id("listWebhookDeliveries"));
        m.put("POST /api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver", of("customer-admin: its account's only; camunda-admin: every account's",
                "Sends one delivery again, from now, with a fresh retry schedule").status(202)
                .problem(404, "not-found").problem(415, "unsupported-media-type").id("redeliverWebhook"));
        m.put("POST /api/v1/webhook-endpoints/{id}/redeliver", of("customer-admin: its account's only; camunda-admin: every account's",
                "Sends again every event since a time that the endpoint takes: the deliveries it had and those it missed while"
                + " disabled; answers how many").status(202)
                .problem(400, "invalid-request").problem(404, "not-found").problem(415, "unsupported-media-type")
                .example(JSON, "since a time", Map.of("since", "2026-12-01T00:00:00Z")).id("redeliverWebhooksSince"));
        m.put("GET /api/v1/audit/ledger", of("auditors", "Ledger rows (JSON, or CSV by Accept: text/csv or ?format=csv)")
                .problem(400, "invalid-request").id("getLedger"));
        m.put("GET /api/v1/audit/ledger/verify", of("auditors", "Verifies every pool's hash chain").id("verifyLedger"));
        m.put("GET /api/v1/audit/timeline/{kind}/{id}", of("auditors",
                "The story of an activation, assignment or system: steps, tasks, tokens, ledger rows")
                .problem(400, "invalid-request").problem(404, "not-found").id("getTimeline"));
        m.put("GET /api/v1/audit/process-definitions/{processDefinitionId}/xml", of("auditors",
                "The BPMN 2.0 XML of a flow a timeline lists (its processDefinitionId), to draw the path taken")
                .problem(404, "not-found").id("getProcessDiagram"));
        m.put("GET /api/v1/audit/evidence/{kind}/{id}", of("auditors", "The signed evidence bundle (application/jwt)").jwt()
                .problem(400, "invalid-request").problem(404, "not-found").id("getEvidence"));
        m.put("POST /api/v1/admin/signing-keys/rotate", of("camunda-admin",
                "New tokens are signed with a new key; old tokens still verify").id("rotateSigningKey"));
        m.put("POST /api/v1/admin/api-tokens", of("camunda-admin",
                "Issues an API token for one client and one group, with an expiry; with an accountId, a token of that account"
                        + " (group customer-admin or customer-viewer) that never leaves it; the token is in this answer only")
                .status(201).problem(400, "invalid-request", "malformed-body").problem(404, "not-found").problem(415, "unsupported-media-type")
                .example(JSON, "an integrator's portal", Map.of("clientId", "customer-portal", "group", "integrators",
                        "expiresAt", "2027-06-30T00:00:00Z")).id("issueApiToken"));
        m.put("GET /api/v1/admin/api-tokens", of("camunda-admin", "Every API token issued: client, group, state, expiry; never the secret")
                .id("listApiTokens"));
        m.put("GET /api/v1/admin/api-tokens/{id}", of("camunda-admin", "One API token: client, group, state, expiry")
                .problem(404, "not-found").id("getApiToken"));
        m.put("POST /api/v1/admin/api-tokens/{id}/revoke", of("camunda-admin",
                "Revokes an API token: refused from the next request on (revoking again answers the same)")
                .problem(404, "not-found").id("revokeApiToken"));
        m.put("POST /api/v1/account/api-tokens", of("customer-admin",
                "Issues an API token of the caller's own account (group customer-admin or customer-viewer), bound to it for ever;"
                        + " the token is in this answer only")
                .status(201).problem(400, "invalid-request", "malformed-body").problem(415, "unsupported-media-type")
                .example(JSON, "a customer's portal", Map.of("clientId", "acme-portal", "group", "customer-viewer",
                        "expiresAt", "2027-06-30T00:00:00Z")).id("issueAccountApiToken"));
        m.put("GET /api/v1/account/api-tokens", of("customer-admin", "The API tokens of the caller's own account; never the secret")
                .id("listAccountApiTokens"));
        m.put("GET /api/v1/account/api-tokens/{id}", of("customer-admin", "One API token of the caller's own account")
                .problem(404, "not-found").id("getAccountApiToken"));
        m.put("POST /api/v1/account/api-tokens/{id}/revoke", of("customer-admin",
                "Revokes an API token of the caller's own account (another account's answers 404 not-found)")
                .problem(404, "not-found").id("revokeAccountApiToken"));
        return m;
    }

    private ApiDocs() {
    }
}
