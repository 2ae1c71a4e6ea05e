package io.grantflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code docs/openapi.json} is the project's copy of the live OpenAPI document: integrators read and generate
 * clients from it without starting Grantflow, so it must not drift from what the running jar serves.
 * Refresh it with {@code ./mvnw test -Dtest=OpenApiSnapshotTest -Dgrantflow.openapi.write=true}.
 */
@GrantflowTest
class OpenApiSnapshotTest {

    static final Path SNAPSHOT = Path.of("docs/openapi.json");
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @LocalServerPort
    int port;

    @Test
    void docsOpenapiJsonIsTheLiveDocument() throws Exception {
        Http.Response r = Http.at(port).as("auditor").get("/v3/api-docs");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode live = r.json();
        if (Boolean.getBoolean("grantflow.openapi.write")) {
            // sorted keys: a change to the API shows as a small diff in review
            Object sorted = JSON.treeToValue(live, Object.class);
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(sorted) + "\n");
        }
        assertThat(Files.exists(SNAPSHOT)).as("%s is missing; write it with -Dgrantflow.openapi.write=true", SNAPSHOT).isTrue();
        JsonNode committed = JSON.readTree(SNAPSHOT.toFile());
        assertThat(committed)
                .as("docs/openapi.json differs from the live /v3/api-docs; refresh it with "
                        + "./mvnw test -Dtest=OpenApiSnapshotTest -Dgrantflow.openapi.write=true and review the diff")
                .isEqualTo(live);
    }
}
