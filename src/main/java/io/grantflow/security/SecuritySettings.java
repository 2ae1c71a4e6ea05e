package io.grantflow.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code grantflow.security.*}: which other origins may write with a user's login, and how failed logins are throttled. */
@ConfigurationProperties("grantflow.security")
record SecuritySettings(
        /**
         * Origins ({@code https://portal.example.com}) besides Grantflow's own whose pages may send state-changing
         * requests; empty by default: a browser page on another origin never writes with a user's cached login.
         */
        @DefaultValue({}) List<String> allowedOrigins,
        @DefaultValue LoginThrottle loginThrottle,
        /**
         * HTTP Basic with a user's password on {@code /api} and {@code /engine-rest}; on for the demo. Off, machines
         * use API tokens and people the webapps' login: no password travels with every request.
         */
        @DefaultValue("true") boolean basicAuth,
        @DefaultValue ApiTokenSettings apiTokens,
        @DefaultValue Oidc oidc) {

    /**
     * The company's OpenID Connect provider (Keycloak, Entra ID, Okta): people sign in to the webapps and the desk
     * through it, and machines call {@code /api} with its client-credentials access tokens. Off while
     * {@code issuerUri} is empty (the embedded default: demo users and the webapps' own login form).
     */
    public record Oidc(
            /** The provider's issuer, e.g. {@code https://sso.example.com/realms/acme}; its discovery document is read at start. */
            String issuerUri,
            /** The confidential client people sign in through (authorization code flow). */
            String clientId,
            String clientSecret,
            @DefaultValue("openid,profile") List<String> scopes,
            /** The claim of the ID token and the access token that lists the person's or the client's groups. */
            @DefaultValue("groups") String groupsClaim,
            /**
             * Provider group → Grantflow group ({@code operators}, {@code integrators}, {@code auditors}, {@code camunda-admin});
             * only mapped names count, a provider group named like a Grantflow group included.
             */
            @DefaultValue({}) java.util.Map<String, String> groupMapping,
            /** The claim whose value is shown as the person's name; who they are is the issuer and {@code sub}, never this. */
            @DefaultValue("preferred_username") String userNameClaim,
            /** An access token for {@code /api} must name this audience in {@code aud}; never the client id (ID tokens carry that). */
            @DefaultValue("grantflow") String audience,
            /**
             * The claim of the ID token and the access token that names the account (its Grantflow id, e.g. {@code ACME})
             * a customer's person or client belongs to; empty: nobody who signs in through the provider is a customer.
             * A person or client the claim names an account for is bound to it, whatever its groups; one with a
             * customer's group ({@code customer-admin}, {@code customer-viewer}) but no account sees nothing.
             */
            String accountClaim) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /** Grantflow-issued API tokens: the longest expiry an administrator may give one. */
    public record ApiTokenSettings(@DefaultValue("P366D") Duration maxLifetime) {
    }

    /**
     * Failed logins allowed in each {@code window}: per (client address, user name), per client address, and per user
     * name from all addresses; beyond one of them every attempt it covers, even with the right password, is
     * {@code 429 rate-limited} until the window refills it. A browser with a device cookie for the user is held only
     * to its own {@code failuresPerAddressAndUser}. A successful login costs nothing.
     */
    public record LoginThrottle(
            @DefaultValue("true") boolean enabled,
            /** One address guessing one user's password. */
            @DefaultValue("10") int failuresPerAddressAndUser,
            /** One address, whatever the names: high enough for the people behind one proxy, low enough for a flood. */
            @DefaultValue("100") int failuresPerAddress,
            /**
             * One user name from all addresses together, for clients without a device cookie: ten addresses' worth, so
             * that no single address or proxy can use it up, yet many addresses cannot guess without end.
             */
            @DefaultValue("100") int failuresPerUser,
            @DefaultValue("PT1M") Duration window,
            /** Keys remembered at most (each kind); the least recently used are dropped first. */
            @DefaultValue("100000") int maxKeys,
            /** How long a device cookie, issued at a successful webapp login, marks that browser as known. */
            @DefaultValue("P30D") Duration deviceCookieLifetime,
            /**
             * Base64 of at least 32 random bytes that sign device cookies; the same on every node. Empty: a random
             * one per start, so a browser is known only to the node it signed in at, until that node restarts.
             */
            String deviceCookieSecret) {
    }
}
