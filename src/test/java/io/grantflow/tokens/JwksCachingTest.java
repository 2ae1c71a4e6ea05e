package io.grantflow.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The JWKS over HTTP: cacheable (max-age, ETag, 304), HEAD like GET, RFC 7517's media type, and safe across rotation. */
@GrantflowTest
class JwksCachingTest {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port).anonymous();
    }

    @Test
    void jwksWhenFetchedThenCacheableAndRevalidatedWith304() {
        Http.Response first = http.get("/.well-known/jwks.json");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=300"));
        String etag = first.raw().headers().firstValue("ETag").orElseThrow();

        Http.Response again = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", etag).GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.raw().headers().firstValue("ETag")).hasValue(etag);

        Http.Response other = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", "\"not-this-set\"").GET());
        assertThat(other.status()).isEqualTo(200);
    }

    /** RFC 9110 §13.1.2 and §15.4.5: one ETag on 200 and 304, * met by the existing set, Vary for the two media types. */
    @Test
    void jwksWhenRevalidatedThenOneEtagStarMatchesAndVariesByAccept() {
        Http.Response first = http.get("/.well-known/jwks.json");
        String etag = first.raw().headers().firstValue("ETag").orElseThrow();
        assertThat(first.raw().headers().allValues("ETag")).containsExactly(etag);
        assertThat(String.join(",", first.raw().headers().allValues("Vary"))).contains("Accept");

        Http.Response again = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", etag).GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw().headers().allValues("ETag")).containsExactly(etag);
        assertThat(String.join(",", again.raw().headers().allValues("Vary"))).contains("Accept");

        Http.Response star = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", "*").GET());
        assertThat(star.status()).isEqualTo(304);
        assertThat(star.raw().headers().allValues("ETag")).containsExactly(etag);

        Http.Response listed = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", "\"other\", W/" + etag).GET());
        assertThat(listed.status()).isEqualTo(304);

        Http.Response other = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", "\"not-this-set\"").GET());
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.raw().headers().allValues("ETag")).containsExactly(etag);
    }

    @Test
    void jwksWhenHeadOrJwkSetMediaTypeThenAnsweredLikeGet() throws Exception {
        Http.Response head = http.send(http.builder("/.well-known/jwks.json").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.raw().headers().firstValue("ETag")).isEqualTo(http.get("/.well-known/jwks.json").raw().headers().firstValue("ETag"));

        Http.Response typed = http.send(http.builder("/.well-known/jwks.json").header("Accept", JwksController.JWK_SET_JSON).GET());
        assertThat(typed.status()).isEqualTo(200);
        assertThat(typed.contentType()).startsWith(JwksController.JWK_SET_JSON);
        assertThat(JWKSet.parse(typed.body()).getKeys()).isNotEmpty();

        Http.Response health = http.send(http.builder("/actuator/health").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void jwksWhenKeysRotateThenNewEtagAndTheOldKeyStaysPublished() throws Exception {
        Http.Response before = http.get("/.well-known/jwks.json");
        String etag = before.raw().headers().firstValue("ETag").orElseThrow();
        java.util.List<String> oldKids = JWKSet.parse(before.body()).getKeys().stream().map(JWK::getKeyID).toList();

        Http.Response rotated = Http.at(port).as("admin").postJson("/api/v1/admin/signing-keys/rotate", "{}");
        assertThat(rotated.status()).isEqualTo(200);
        String newKid = rotated.json().get("kid").asText();

        Http.Response after = http.send(http.builder("/.well-known/jwks.json").header("If-None-Match", etag).GET());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.raw().headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(JWKSet.parse(after.body()).getKeys()).extracting(JWK::getKeyID).contains(newKid).containsAll(oldKids);
    }
}
