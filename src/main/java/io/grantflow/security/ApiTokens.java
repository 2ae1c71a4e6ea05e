package io.grantflow.security;

import io.grantflow.account.Accounts;
import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grantflow-issued API tokens for machines: {@code gft_<id>_<secret>}, shown once. The secret is 256 random bits, so
 * a plain SHA-256 of it is enough to store (no password stretching needed); the id finds the row, the hash is compared
 * in constant time. A token acts as {@code client:<clientId>} with the one group it was issued for. A token issued for an
 * account has a customer's group and never leaves that account; a customer admin manages its own account's tokens only.
 */
@Service
class ApiTokens {

    static final String PREFIX = "gft_";
    static final String ACTOR_PREFIX = "client:";
    static final List<String> GROUPS = List.of(Groups.OPERATORS, Groups.INTEGRATORS, Groups.AUDITORS, Groups.ADMINS);
    static final List<String> ACCOUNT_GROUPS = List.of(Groups.CUSTOMER_ADMINS, Groups.CUSTOMER_VIEWERS);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile(PREFIX + "([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just issued: the only time its secret exists outside the client. */
    record Issued(ApiToken token, String secret) {
    }

    private final ApiTokenRepository tokens;
    private final SecuritySettings settings;
    private final Clock clock;
    private final Accounts accounts;
    private final CallerAccount caller;

    ApiTokens(ApiTokenRepository tokens, SecuritySettings settings, Clock clock, Accounts accounts, CallerAccount caller) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.accounts = accounts;
        this.caller = caller;
    }

    /** A token of the vendor's staff. */
    Issued issue(String clientId, String group, Instant expiresAt, String admin) {
        return issue(clientId, group, expiresAt, admin, null);
    }

    /** A token of the vendor's staff ({@code accountId} null) or of an account, with one of a customer's groups. */
    @Transactional
    Issued issue(String clientId, String group, Instant expiresAt, String admin, String accountId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw Refusal.INVALID_REQUEST.exception("clientId: 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit");
        }
        List<String> groups = accountId == null ? GROUPS : ACCOUNT_GROUPS;
        if (!groups.contains(group)) {
            throw Refusal.INVALID_REQUEST.exception("group: one of " + groups
                    + (accountId == null ? " (a token with an accountId: one of " + ACCOUNT_GROUPS + ")" : " for a token of an account"));
        }
        if (accountId != null && !accounts.exists(accountId)) {
            throw GrantflowException.notFound("Account", accountId);
        }
        Instant now = clock.instant();
        Instant latest = now.plus(settings.apiTokens().maxLifetime());
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(latest)) {
            throw Refusal.INVALID_REQUEST.exception("expiresAt: after now and at most " + settings.apiTokens().maxLifetime() + " from now (" + latest + ")");
        }
        byte[] id = new byte[16];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken token = new ApiToken(HexFormat.of().formatHex(id), clientId, group, sha256(secretText), now, admin, expiresAt,
                null, null, accountId);
        tokens.insert(token);
        return new Issued(token, PREFIX + token.id() + "_" + secretText);
    }

    /** Every token for the vendor's staff; a customer admin's own account's only. */
    List<ApiToken> list() {
        return caller.boundAccount().map(tokens::ofAccount).orElseGet(tokens::all);
    }

    /** The caller's own account, for a customer admin's tokens (a customer admin always has one). */
    String callerAccount() {
        return caller.boundAccount().orElseThrow(() -> GrantflowException.notFound("Account", "of the caller"));
    }

    @Transactional
    ApiToken revoke(String id, String admin) {
        ApiToken token = get(id);
        tokens.revoke(token.id(), clock.instant(), admin);
        return get(id);
    }

    ApiToken get(String id) {
        // another account's token answers as one that does not exist
        return tokens.find(id).filter(t -> caller.maySee(t.accountId()))
                .orElseThrow(() -> GrantflowException.notFound("API token", id));
    }

    /** Whether a bearer credential is one of ours (else it is another kind of bearer, e.g. the edge's call-in JWT). */
    static boolean looksLikeApiToken(String bearer) {
        return bearer.startsWith(PREFIX);
    }

    /** The token a presented bearer credential is, if it is valid now; otherwise a 401 with what is wrong. */
    ApiToken authenticate(String presented) {
        var m = TOKEN.matcher(presented);
        ApiToken token = m.matches() ? tokens.find(m.group(1)).orElse(null) : null;
        if (token == null || !MessageDigest.isEqual(token.secretHash().getBytes(StandardCharsets.US_ASCII),
                sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII))) {
            throw Refusal.API_TOKEN_INVALID.exception("The API token is not one Grantflow issued");
        }
        return switch (token.stateAt(clock.instant())) {
            case ACTIVE -> token;
            case EXPIRED -> throw Refusal.API_TOKEN_EXPIRED.exception("The API token of " + token.clientId() + " expired at " + token.expiresAt());
            case REVOKED -> throw Refusal.API_TOKEN_REVOKED.exception("The API token of " + token.clientId() + " was revoked at " + token.revokedAt());
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
