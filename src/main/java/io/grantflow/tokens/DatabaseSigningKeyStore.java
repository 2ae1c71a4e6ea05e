package io.grantflow.tokens;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cluster mode: every node reads the same keys from the database, so a token issued by one node verifies on
 * all and all serve the same JWKS. Private parts are sealed with AES-256-GCM under a key from the environment.
 */
class DatabaseSigningKeyStore implements SigningKeyStore {

    private static final int NONCE_BYTES = 12;

    private final JdbcTemplate jdbc;
    private final SecretKeySpec sealingKey;
    private final SecureRandom random = new SecureRandom();

    DatabaseSigningKeyStore(JdbcTemplate jdbc, String encryptionKeyBase64) {
        this.jdbc = jdbc;
        if (encryptionKeyBase64 == null || encryptionKeyBase64.isBlank()) {
            throw EncryptionKeyRefused.malformed("grantflow.keys.store=database needs grantflow.keys.encryption-key "
                    + "(GRANTFLOW_KEYS_ENCRYPTION_KEY): base64 of 32 random bytes, the same on every node");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encryptionKeyBase64.strip());
        } catch (IllegalArgumentException e) {
            throw EncryptionKeyRefused.malformed("GRANTFLOW_KEYS_ENCRYPTION_KEY (grantflow.keys.encryption-key) is not base64");
        }
        if (raw.length != 32) {
            throw EncryptionKeyRefused.malformed("GRANTFLOW_KEYS_ENCRYPTION_KEY (grantflow.keys.encryption-key) must be 32 bytes, is "
                    + raw.length);
        }
        this.sealingKey = new SecretKeySpec(raw, "AES");
    }

    @Override
    public List<StoredKey> load() {
        return jdbc.query("SELECT kid, private_sealed, created_at, retired_at FROM gf_signing_key ORDER BY created_at, kid",
                (rs, i) -> {
                    OffsetDateTime retired = rs.getObject("retired_at", OffsetDateTime.class);
                    return new StoredKey(unseal(rs.getString("kid"), rs.getString("private_sealed")),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            retired == null ? null : retired.toInstant());
                });
    }

    @Override
    public void add(StoredKey key) {
        try {
            jdbc.update("INSERT INTO gf_signing_key (kid, public_jwk, private_sealed, created_at) VALUES (?, ?, ?, ?)",
                    key.key().getKeyID(), key.key().toPublicJWK().toJSONString(), seal(key.key()),
                    key.createdAt().atOffset(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("A signing key with kid " + key.key().getKeyID() + " exists already", e);
        }
    }

    @Override
    public void retire(String kid, Instant at) {
        jdbc.update("UPDATE gf_signing_key SET retired_at = ? WHERE kid = ? AND retired_at IS NULL", at.atOffset(ZoneOffset.UTC), kid);
    }

    private String seal(ECKey key) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(key.getKeyID().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key.toJSONString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(nonce) + "." + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a signing key", e);
        }
    }

    private ECKey unseal(String kid, String sealed) {
        try {
            String[] parts = sealed.split("\\.");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return ECKey.parse(new String(cipher.doFinal(Base64.getDecoder().decode(parts[1])), StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            // the seal's authentication tag does not match: another key than the one that sealed it
            throw new EncryptionKeyRefused("GRANTFLOW_KEYS_ENCRYPTION_KEY (grantflow.keys.encryption-key) does not open the signing keys "
                    + "stored in the database (signing key " + kid + "): it is not the key they were sealed with",
                    "Start with the GRANTFLOW_KEYS_ENCRYPTION_KEY this database's signing keys were sealed with (the same on every"
                            + " node; keep it in your secret store). No other key opens them, and the database keeps them unchanged"
                            + " until the right key is given.");
        } catch (GeneralSecurityException | ParseException | RuntimeException e) {
            throw new IllegalStateException("Signing key " + kid + " cannot be unsealed: is grantflow.keys.encryption-key right?");
        }
    }

    /** The encryption key is missing, malformed or not the one the stored keys were sealed with: the node cannot sign. */
    static final class EncryptionKeyRefused extends IllegalStateException {
        private final String action;

        EncryptionKeyRefused(String message, String action) {
            super(message);
            this.action = action;
        }

        static EncryptionKeyRefused malformed(String message) {
            return new EncryptionKeyRefused(message, "Set GRANTFLOW_KEYS_ENCRYPTION_KEY to base64 of 32 random bytes (openssl rand -base64 32),"
                    + " the same on every node; on a database that has signing keys already, the key they were sealed with.");
        }

        /** What the operator does about it. */
        String action() {
            return action;
        }
    }
}
