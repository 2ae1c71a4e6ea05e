package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
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
 * in constant time. A token acts as {@code client:<clientId>} with the one group it was issued for.
 */
@Service
class ApiTokens {

    static final String PREFIX = "gft_";
    static final String ACTOR_PREFIX = "client:";
    static final List<String> GROUPS = List.of(Groups.OPERATORS, Groups.INTEGRATORS, Groups.AUDITORS, Groups.ADMINS);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile(PREFIX + "([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just issued: the only time its secret exists outside the client. */
    record Issued(ApiToken token, String secret) {
    }

    private final ApiTokenRepository tokens;
    private final SecuritySettings settings;
    private final Clock clock;

    ApiTokens(ApiTokenRepository tokens, SecuritySettings settings, Clock clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    Issued issue(String clientId, String group, Instant expiresAt, String admin) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw Refusal.INVALID_REQUEST.exception("clientId: 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit");
        }
        if (!GROUPS.contains(group)) {
            throw Refusal.INVALID_REQUEST.exception("group: one of " + GROUPS);
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
                null, null);
        tokens.insert(token);
        return new Issued(token, PREFIX + token.id() + "_" + secretText);
    }

    List<ApiToken> list() {
        return tokens.all();
    }

    @Transactional
    ApiToken revoke(String id, String admin) {
        ApiToken token = get(id);
        tokens.revoke(token.id(), clock.instant(), admin);
        return get(id);
    }

    ApiToken get(String id) {
        return tokens.find(id).orElseThrow(() -> GrantflowException.notFound("API token", id));
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
