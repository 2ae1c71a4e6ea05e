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
            @DefaultValue("grantflow") String audience) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /** Grantflow-issued API tokens: the longest expiry an administrator may give one. */
    public record ApiTokenSettings(@DefaultValue("P366D") Duration maxLifetime) {
    }

    /**
     * Failed logins allowed per client address and per user name in each {@code window}; beyond them every login
     * attempt from that address or for that user name, even with the right password, is {@code 429 rate-limited}
     * until the window is over. A successful login costs nothing.
     */
    public record LoginThrottle(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10") int failuresPerAddress,
            @DefaultValue("10") int failuresPerUser,
            @DefaultValue("PT1M") Duration window,
            /** Addresses and user names remembered at most (each); the least recently used are dropped first. */
            @DefaultValue("100000") int maxKeys) {
    }
}
