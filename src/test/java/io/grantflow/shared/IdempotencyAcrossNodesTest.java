package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * A retry under the same Idempotency-Key is the same request whatever order its parts were put together in: the order
 * of a {@code Map.of} differs between JVMs, so a retry that failed over to another node must not look like another body.
 */
@GrantflowTest
class IdempotencyAcrossNodesTest {

    @Autowired
    Idempotency idempotency;

    @Test
    void retryWhenTheSameRequestIsBuiltInAnotherOrderThenReplayedNotReused() {
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        Map<String, Object> onNodeA = new LinkedHashMap<>();
        onNodeA.put("assignmentId", "CA-1");
        onNodeA.put("body", Map.of("revokeKey", "k"));
        Map<String, Object> onNodeB = new LinkedHashMap<>();
        onNodeB.put("body", Map.of("revokeKey", "k"));
        onNodeB.put("assignmentId", "CA-1");

        ResponseEntity<?> first = idempotency.run(key, "POST /test/idempotency", onNodeA,
                () -> ResponseEntity.accepted().body(Map.of("run", runs.incrementAndGet())));
        ResponseEntity<?> retry = idempotency.run(key, "POST /test/idempotency", onNodeB,
                () -> ResponseEntity.accepted().body(Map.of("run", runs.incrementAndGet())));

        assertThat(runs).hasValue(1);
        assertThat(retry.getStatusCode().value()).isEqualTo(202);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isNotNull();
        assertThat(first.getStatusCode().value()).isEqualTo(202);
    }
}
