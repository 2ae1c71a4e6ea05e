package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretSealTest {

    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String OTHER_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw9hLtR3uPAUo=";

    static SecretSeal seal(String key) {
        return new SecretSeal(new GrantflowProperties(Path.of("data"), "grantflow", false, Duration.ofMinutes(5), Duration.ofDays(14),
                Duration.ofDays(30), new GrantflowProperties.Keys("database", key),
                new GrantflowProperties.Tokens(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(365), Duration.ofMinutes(10),
                        Duration.ofSeconds(60), 8192)));
    }

    @Test
    void withAKeyASecretIsSealedEachTimeAnewAndOpensOnlyWithThatKey() {
        SecretSeal seal = seal(KEY);
        String sealed = seal.seal(SECRET);
        assertThat(sealed).startsWith("gcm1:").doesNotContain(SECRET.substring(6)).hasSizeLessThanOrEqualTo(200);
        assertThat(seal.seal(SECRET)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(seal.open(sealed)).isEqualTo(SECRET);
        assertThatThrownBy(() -> seal(OTHER_KEY).open(sealed)).hasMessageContaining("does not open");
        assertThatThrownBy(() -> seal(null).open(sealed)).hasMessageContaining("needs grantflow.keys.encryption-key");
        // tampered: the authentication tag no longer matches
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAA=") ? "BBB=" : "AAA=");
        assertThatThrownBy(() -> seal.open(tampered)).hasMessageContaining("does not open");
    }

    @Test
    void withoutAKeyOrBeforeOneWasSetASecretIsAsItIs() {
        assertThat(seal(null).seal(SECRET)).isEqualTo(SECRET);
        assertThat(seal(null).open(SECRET)).isEqualTo(SECRET);
        assertThat(seal(KEY).open(SECRET)).as("stored before the key was set").isEqualTo(SECRET);
    }
}
