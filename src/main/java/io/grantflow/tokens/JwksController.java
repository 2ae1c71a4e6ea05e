package io.grantflow.tokens;

import com.nimbusds.jose.jwk.JWK;
import io.grantflow.protocol.JwsChecks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
class JwksController {

    /** RFC 7517 §8.5. */
    static final String JWK_SET_JSON = "application/jwk-set+json";

    /**
     * How long a client may use the set without asking again. Rotation stays safe: an old key stays published as long
     * as tokens it signed live (SigningKeys), and a new key's first tokens name a kid the cached set lacks, on which
     * clients fetch the set anew (jose's createRemoteJWKSet, Nimbus' RemoteJWKSet and Spring's NimbusJwtDecoder do).
     */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    /**
     * Cacheable; its ETag names the set of keys (their kids are thumbprints), so a node answers 304 while it holds.
     * The ETag is sent once on 200 and 304 alike, {@code If-None-Match: *} is met by the set (it always exists), and
     * {@code Vary: Accept} because the same set is served as application/json or application/jwk-set+json.
     */
    @GetMapping(path = "/.well-known/jwks.json", produces = {MediaType.APPLICATION_JSON_VALUE, JWK_SET_JSON})
    ResponseEntity<Map<String, Object>> jwks(WebRequest request) {
        var set = keys.publicJwks();
        String etag = "\"" + JwsChecks.sha256(set.getKeys().stream().map(JWK::getKeyID).sorted().collect(Collectors.joining(",")))
                .substring(0, 32) + "\"";
        CacheControl cache = CacheControl.maxAge(MAX_AGE).cachePublic();
        if (matches(request.getHeaderValues(HttpHeaders.IF_NONE_MATCH), etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(cache).eTag(etag).varyBy(HttpHeaders.ACCEPT).build();
        }
        return ResponseEntity.ok().cacheControl(cache).eTag(etag).varyBy(HttpHeaders.ACCEPT).body(set.toJSONObject(true));
    }

    /** RFC 9110 §13.1.2: {@code *}, or any listed tag equal to ours by the weak comparison. */
    static boolean matches(String[] ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .anyMatch(tag -> tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag));
    }

    /** Admins only (see SecurityConfig): new tokens are signed with a new key, old tokens still verify. */
    @PostMapping(path = "/api/v1/admin/signing-keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    RotatedKey rotate() {
        return new RotatedKey(keys.rotate());
    }

    /** The new signing key's kid (its thumbprint): tokens issued from now on name it. */
    record RotatedKey(String kid) {
    }
}
