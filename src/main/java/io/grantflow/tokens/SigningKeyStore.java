package io.grantflow.tokens;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.List;

/** Where Grantflow's own key pairs are kept. Private parts never leave the store but to sign. */
interface SigningKeyStore {

    record StoredKey(ECKey key, Instant createdAt, Instant retiredAt) {
    }

    List<StoredKey> load();

    void add(StoredKey key);

    void retire(String kid, Instant at);
}
