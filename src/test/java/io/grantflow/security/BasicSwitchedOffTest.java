package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.DataDirContext;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code grantflow.security.basic-auth: false}: no password is accepted with a request, at the API or the engine door;
 * machines call with API tokens, and the challenge says Bearer (the setting is {@link DataDirContext}'s).
 */
class BasicSwitchedOffTest extends DataDirContext {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @Test
    void basicIsRefusedEverywhereAndAnApiTokenStillWorks() {
        Http http = Http.at(port);
        for (String path : new String[] {"/api/v1/licenses/LIC-DEMO", "/api/v1/admin/api-tokens", "/engine-rest/process-definition"}) {
            Http.Response r = http.as(path.contains("admin") || path.contains("engine") ? "admin" : "operator").get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.code()).as(path).isEqualTo("unauthorized");
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"grantflow\"");
        }
        String token = tokens.issue("dashboard", "operators", Instant.now().plus(Duration.ofDays(1)), "admin").secret();
        Http.Response r = http.bearer(token).get("/api/v1/licenses/LIC-DEMO");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo("LIC-DEMO");
    }
}
