package io.grantflow.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals short secrets Grantflow must read back (webhook signing secrets) with AES-256-GCM under
 * {@code grantflow.keys.encryption-key}, the key that seals the signing keys in the database store: a copy of the
 * database alone then holds none of them. Without that key (the embedded default, whose signing keys are files beside
 * its database) a secret is stored as it is. Stored text without the seal's prefix opens as itself, so secrets stored
 * before a key was set keep working.
 */
@Component
public class SecretSeal {

    private static final String PREFIX = "gcm1:";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSeal(GrantflowProperties properties) {
        this.key = keyOf(properties.keys().encryptionKey());
    }

    /** A well-formed key or none: a malformed one stops the database store's start with its own message. */
    private static SecretKeySpec keyOf(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(base64.strip());
            return raw.length == 32 ? new SecretKeySpec(raw, "AES") : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    public String seal(String secret) {
        if (key == null) {
            return secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            return PREFIX + Base64.getEncoder().encodeToString(nonce) + "."
                    + Base64.getEncoder().encodeToString(cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a secret", e);
        }
    }

    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        if (key == null) {
            throw new IllegalStateException("A sealed secret needs grantflow.keys.encryption-key, the key it was sealed with");
        }
        try {
            String[] parts = stored.substring(PREFIX.length()).split("\\.");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            return new String(cipher.doFinal(Base64.getDecoder().decode(parts[1])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("A sealed secret does not open with grantflow.keys.encryption-key: is it the key it was"
                    + " sealed with?", e);
        }
    }
}
