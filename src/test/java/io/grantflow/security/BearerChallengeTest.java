package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every 401 says how to authenticate (RFC 9110 §11.6.1): Bearer at the call-in (RFC 6750 §3), Basic elsewhere. */
@GrantflowTest
class BearerChallengeTest {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port).anonymous();
    }

    @Test
    void callInWhenNoBearerThenChallengeWithoutError() {
        Http.Response r = http.postJson("/api/v1/edge/call-in", "{}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("unauthorized");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"grantflow\"");
    }

    @Test
    void callInWhenBearerRefusedThenInvalidTokenWhateverTheSchemeCase() {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER"}) {
            Http.Response r = http.send(http.builder("/api/v1/edge/call-in").header("Authorization", scheme + " not.a.token")
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.status()).as(scheme).isEqualTo(401);
            assertThat(r.code()).as(scheme).isEqualTo("token-malformed");
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).as(scheme)
                    .hasValue("Bearer realm=\"grantflow\", error=\"invalid_token\"");
        }
    }

    @Test
    void apiWhenNoLoginThenBasicChallenge() {
        Http.Response r = http.get("/api/v1/licenses/LIC-DEMO");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"grantflow\"");
    }
}
