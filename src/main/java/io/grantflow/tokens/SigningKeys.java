package io.grantflow.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Grantflow's P-256 signing keys. The newest unretired key signs; a rotated key stays published until
 * every token it could have signed has expired, so old tokens keep verifying. Nodes of a cluster re-read
 * the shared store, and at once when they meet a kid they do not know.
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration longestTokenLife;
    private volatile List<SigningKeyStore.StoredKey> cached = List.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    SigningKeys(GrantflowProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.store = "database".equalsIgnoreCase(properties.keys().store())
                ? new DatabaseSigningKeyStore(jdbc, properties.keys().encryptionKey())
                : new FileSigningKeyStore(properties.dataDir());
        this.clock = clock;
        GrantflowProperties.Tokens tokens = properties.tokens();
        this.longestTokenLife = List.of(tokens.connectionTokenTtl(), tokens.creditFileTtl(), tokens.updateTokenTtl())
                .stream().max(Comparator.naturalOrder()).orElseThrow();
        if (reload().stream().noneMatch(k -> k.retiredAt() == null)) {
            ECKey key = generate();
            store.add(new SigningKeyStore.StoredKey(key, Instant.now(), null));
            log.info("Created signing key {}", key.getKeyID());
            reload();
        }
    }

    /** The key that signs new tokens. */
    ECKey current() {
        return keys().stream()
                .filter(k -> k.retiredAt() == null)
                .max(Comparator.comparing(SigningKeyStore.StoredKey::createdAt).thenComparing(k -> k.key().getKeyID()))
                .map(SigningKeyStore.StoredKey::key)
                .orElseThrow(() -> new IllegalStateException("No active signing key"));
    }

    /** A key that may still verify tokens: current, or retired less than a token's life ago. */
    Optional<ECKey> find(String kid) {
        Optional<ECKey> found = published(keys()).stream().filter(k -> k.getKeyID().equals(kid)).findFirst();
        return found.isPresent() ? found : published(reload()).stream().filter(k -> k.getKeyID().equals(kid)).findFirst();
    }

    /** The public JWK set served at {@code /.well-known/jwks.json}: never a private part. */
    public JWKSet publicJwks() {
        return new JWKSet(published(keys()).stream().map(k -> (JWK) k.toPublicJWK()).toList());
    }

    /** A new key signs from now on; the old ones stay published until their tokens have expired. */
    public String rotate() {
        Instant now = Instant.now();
        List<SigningKeyStore.StoredKey> active = keys().stream().filter(k -> k.retiredAt() == null).toList();
        ECKey key = generate();
        store.add(new SigningKeyStore.StoredKey(key, now, null));
        active.forEach(k -> store.retire(k.key().getKeyID(), now));
        reload();
        log.info("Rotated signing keys: {} signs from now on", key.getKeyID());
        return key.getKeyID();
    }

    private List<ECKey> published(List<SigningKeyStore.StoredKey> keys) {
        Instant horizon = clock.instant().minus(longestTokenLife);
        return keys.stream()
                .filter(k -> k.retiredAt() == null || k.retiredAt().isAfter(horizon))
                .map(SigningKeyStore.StoredKey::key)
                .toList();
    }

    private List<SigningKeyStore.StoredKey> keys() {
        if (Instant.now().isAfter(loadedAt.plus(REFRESH))) {
            return reload();
        }
        return cached;
    }

    private synchronized List<SigningKeyStore.StoredKey> reload() {
        cached = List.copyOf(store.load());
        loadedAt = Instant.now();
        return cached;
    }

    private static ECKey generate() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
            return new ECKey.Builder(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }
}
