package io.grantflow.tokens;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(keys.publicJwks().toJSONObject(true));
    }

    /** Admins only (see SecurityConfig): new tokens are signed with a new key, old tokens still verify. */
    @PostMapping(path = "/api/v1/admin/signing-keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> rotate() {
        return Map.of("kid", keys.rotate());
    }
}
