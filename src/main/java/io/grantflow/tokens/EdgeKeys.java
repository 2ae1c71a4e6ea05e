package io.grantflow.tokens;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The registry of the edge's public keys (installations and HOME systems). A token's signer is found here by
 * its {@code iss}; keys carried inside a token are never trusted.
 */
@Component
@RequiredArgsConstructor
public class EdgeKeys {

    public enum Kind { INSTALLATION, SYSTEM }

    public record EdgeKey(String edgeId, Kind kind, String accountId, ECKey key, boolean disabled) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /** A public P-256 JWK from a request body; anything else is {@code 400 invalid-key}. */
    public static ECKey parsePublicKey(Object jwk) {
        try {
            JWK parsed;
            if (jwk instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> json = (Map<String, Object>) map;
                parsed = JWK.parse(json);
            } else if (jwk instanceof String s) {
                parsed = JWK.parse(s);
            } else {
                throw Refusal.INVALID_KEY.exception("The key must be a public JWK (JSON object)");
            }
            if (!(parsed instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw Refusal.INVALID_KEY.exception("The key must be an EC P-256 JWK");
            }
            if (ec.isPrivate()) {
                throw Refusal.INVALID_KEY.exception("Send the public key only, never the private part");
            }
            return ec;
        } catch (ParseException | IllegalArgumentException e) {
            throw Refusal.INVALID_KEY.exception("The key is not a valid JWK");
        }
    }

    /** Registers an edge's key; registering the same key again is a no-op, another key for the id is a conflict. */
    public void register(String edgeId, Kind kind, String accountId, ECKey publicKey) {
        String thumbprint = thumbprint(publicKey);
        Optional<EdgeKey> existing = find(edgeId);
        if (existing.isPresent()) {
            if (thumbprint(existing.get().key()).equals(thumbprint) && existing.get().kind() == kind) {
                return;
            }
            throw Refusal.EDGE_ID_TAKEN.exception("Id '" + edgeId + "' is registered with another key");
        }
        jdbc.update("INSERT INTO gf_edge_key (edge_id, kind, account_id, public_jwk, thumbprint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                edgeId, kind.name(), accountId, publicKey.toPublicJWK().toJSONString(), thumbprint,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }

    public Optional<EdgeKey> find(String edgeId) {
        if (edgeId == null) {
            return Optional.empty();
        }
        List<EdgeKey> rows = jdbc.query("SELECT edge_id, kind, account_id, public_jwk, disabled_at FROM gf_edge_key WHERE edge_id = ?",
                (rs, i) -> {
                    try {
                        return new EdgeKey(rs.getString("edge_id"), Kind.valueOf(rs.getString("kind")), rs.getString("account_id"),
                                ECKey.parse(rs.getString("public_jwk")), rs.getObject("disabled_at") != null);
                    } catch (ParseException e) {
                        throw new IllegalStateException("Stored key of " + edgeId + " is damaged", e);
                    }
                }, edgeId);
        return rows.stream().findFirst();
    }

    /** From now on the edge's tokens are refused. */
    public void disable(String edgeId) {
        jdbc.update("UPDATE gf_edge_key SET disabled_at = ? WHERE edge_id = ? AND disabled_at IS NULL",
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), edgeId);
    }

    public static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
