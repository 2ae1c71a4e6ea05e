package io.grantflow.edge.agent;

import io.grantflow.protocol.EdgeTokenSigner;
import com.nimbusds.jose.jwk.ECKey;
import java.text.ParseException;
import java.util.Map;

/**
 * {@code edge.json}: who this edge is (its id, which a HOME system may learn only after the operator linked it),
 * what it is, whom it trusts as issuer, and its private P-256 key.
 */
final class EdgeIdentity {

    enum Kind { installation, system }

    public String id;
    public Kind kind;
    public String issuer = "grantflow";
    public Map<String, Object> key;

    ECKey privateKey() {
        try {
            return ECKey.parse(key);
        } catch (ParseException e) {
            throw new AgentException("state-unreadable", "The key in edge.json is damaged: " + e.getMessage());
        }
    }

    /** Signs this edge's own tokens: as its id, for its issuer, with its key. */
    EdgeTokenSigner signer() {
        return new EdgeTokenSigner(requireId(), issuer, privateKey());
    }

    /** The edge's id, which every token it signs or accepts needs. */
    String requireId() {
        if (id == null || id.isBlank()) {
            throw new AgentException("no-id", "This " + kind + " has no id yet: once Grantflow answered it, run 'agent init --home DIR --id ID'");
        }
        return id;
    }
}
