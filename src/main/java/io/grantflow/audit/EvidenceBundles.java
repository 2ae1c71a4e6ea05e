package io.grantflow.audit;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.protocol.TokenType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * An evidence bundle: a subject's timeline, ledger rows, token metadata and the verification of every pool it
 * touched, signed by Grantflow as an {@code evidence+jwt} that anyone can check against the JWKS. It holds token
 * jtis and hashes, never a token's text, and never a key.
 */
@Service
@RequiredArgsConstructor
class EvidenceBundles {

    private final Timelines timelines;
    private final LedgerVerifier verifier;
    private final TokenIssuer issuer;
    private final ObjectMapper json;
    private final Clock clock;

    public String bundle(String kind, String id) {
        Timeline timeline = timelines.timeline(kind, id);
        Set<String> pools = new LinkedHashSet<>();
        timeline.ledger().stream().map(LedgerEntry::poolId).forEach(pools::add);
        Map<String, Object> verification = new LinkedHashMap<>();
        for (String pool : pools) {
            LedgerVerifier.Report report = verifier.verifyPool(pool);
            verification.put(pool, Map.of("rows", report.rows(), "intact", report.intact(), "broken", report.broken()));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", kind);
        evidence.put("id", id);
        evidence.put("generatedAt", clock.instant().toString());
        evidence.put("timeline", plain(timeline));
        evidence.put("ledgerVerification", plain(verification));
        return issuer.signDocument(TokenType.EVIDENCE, kind + "/" + id, Map.of("evidence", evidence));
    }

    /** Plain maps and lists (ISO times), which is what a JWT's claims can carry. */
    private Object plain(Object value) {
        return json.convertValue(value, new TypeReference<Map<String, Object>>() {
        });
    }

    List<String> kinds() {
        return Timelines.KINDS.keySet().stream().sorted().toList();
    }
}
