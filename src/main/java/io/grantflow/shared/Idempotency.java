package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key} for starts: the key is claimed in the same transaction as the start, so a start
 * that fails leaves the key free, and a start that commits is answered again, byte for byte, to a retry
 * with the same body. Another body under the same key is {@code 409 idempotency-key-reused}.
 */
@Component
@RequiredArgsConstructor
public class Idempotency {

    private static final int MAX_KEY_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * Runs {@code start} in one transaction, or answers what an earlier run with the same key answered.
     *
     * @param key      the header's value, or null to run without idempotency (still in one transaction)
     * @param endpoint a stable name of the operation (e.g. {@code POST /api/v1/systems/{id}/credit-assignments})
     * @param request  what identifies the request's content (path ids and the body)
     */
    public ResponseEntity<?> run(String key, String endpoint, Object request, Supplier<ResponseEntity<?>> start) {
        if (key == null) {
            return tx.execute(s -> start.get());
        }
        if (!wellFormed(key)) {
            throw Refusal.INVALID_REQUEST.exception("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters (no control characters, nothing beyond ASCII)");
        }
        String principal = principal();
        String hash = hash(endpoint, request);
        for (int attempt = 0; attempt < 3; attempt++) {
            ResponseEntity<?> earlier = earlier(principal, endpoint, key, hash);
            if (earlier != null) {
                return earlier;
            }
            try {
                return tx.execute(s -> {
                    jdbc.update("INSERT INTO gf_idempotency (principal, endpoint, idem_key, request_hash, status, body, created_at)"
                                    + " VALUES (?, ?, ?, ?, 0, NULL, ?)",
                            principal, endpoint, key, hash, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                    ResponseEntity<?> answer = start.get();
                    jdbc.update("UPDATE gf_idempotency SET status = ?, body = ? WHERE principal = ? AND endpoint = ? AND idem_key = ?",
                            answer.getStatusCode().value(), write(answer.getBody()), principal, endpoint, key);
                    return answer;
                });
            } catch (DuplicateKeyException raced) {
                // Another request with the same key committed first (or held the row): answer as it did. Any other
                // database failure of the start (a deadlock, a lock timeout) is the start's own and goes to the client.
                if (attempt == 2 && earlier(principal, endpoint, key, hash) == null) {
                    throw raced;
                }
            }
        }
        throw Refusal.IDEMPOTENCY_KEY_IN_USE.exception("Another request with this Idempotency-Key is still running; retry shortly");
    }

    /** Printable ASCII only: the key is stored and compared as sent, and a header's non-ASCII bytes have no agreed charset. */
    static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private ResponseEntity<?> earlier(String principal, String endpoint, String key, String hash) {
        List<ResponseEntity<?>> rows = jdbc.query(
                "SELECT request_hash, status, body FROM gf_idempotency WHERE principal = ? AND endpoint = ? AND idem_key = ?",
                (rs, i) -> {
                    if (!rs.getString("request_hash").equals(hash)) {
                        throw Refusal.IDEMPOTENCY_KEY_REUSED.exception("This Idempotency-Key was used with another request body");
                    }
                    JsonNode body = read(rs.getString("body"));
                    return ResponseEntity.status(rs.getInt("status")).contentType(MediaType.APPLICATION_JSON)
                            .header("Idempotent-Replayed", "true").body(body);
                },
                principal, endpoint, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    private String hash(String endpoint, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(endpoint.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            // Map entries sorted by key: callers pass Map.of(...), whose order differs from JVM to JVM, and a retry
            // that fails over to another node must hash to the same request
            sha.update(json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot hash the request", e);
        }
    }

    private String write(Object body) {
        try {
            return body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the answer", e);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored answer is unreadable", e);
        }
    }
}
