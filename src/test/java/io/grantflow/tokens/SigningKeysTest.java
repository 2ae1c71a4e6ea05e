package io.grantflow.tokens;

import io.grantflow.protocol.TokenType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import io.grantflow.shared.EngineClock;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.support.GrantflowTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@GrantflowTest
class SigningKeysTest {

    private static final String SEALING_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TokenRecords records;
    @Autowired
    TransactionTemplate tx;

    @TempDir
    Path dataDir;

    private GrantflowProperties properties(String store, String sealingKey) {
        return new GrantflowProperties(dataDir, "grantflow", false, Duration.ofMinutes(5), Duration.ofDays(14), Duration.ofDays(30),
                new GrantflowProperties.Keys(store, sealingKey),
                new GrantflowProperties.Tokens(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(365), Duration.ofMinutes(10),
                        Duration.ofSeconds(60), 8192));
    }

    @Test
    void fileStoreWhenRestartedThenSameKidAndOwnerOnlyFile() throws Exception {
        SigningKeys first = new SigningKeys(properties("file", null), jdbc, new EngineClock());
        String kid = first.publicJwks().getKeys().get(0).getKeyID();
        SigningKeys afterRestart = new SigningKeys(properties("file", null), jdbc, new EngineClock());
        assertThat(afterRestart.publicJwks().getKeys()).extracting(JWK::getKeyID).containsExactly(kid);
        Path file = dataDir.resolve("keys/signing-keys.json");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void jwksWhenServedThenHoldsNoPrivatePart() {
        SigningKeys keys = new SigningKeys(properties("file", null), jdbc, new EngineClock());
        Map<String, Object> json = keys.publicJwks().toJSONObject(true);
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> served = (java.util.List<Map<String, Object>>) json.get("keys");
        assertThat(served).isNotEmpty().allSatisfy(k -> assertThat(k).containsKeys("kid", "x", "y").doesNotContainKey("d"));
        assertThat(keys.publicJwks().getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void rotateWhenKeysRotatedThenNewKeySignsAndOldTokensStillVerify() {
        GrantflowProperties props = properties("file", null);
        SigningKeys keys = new SigningKeys(props, jdbc, new EngineClock());
        TokenIssuer issuer = new TokenIssuer(new ServerSigner(keys), records, new EngineClock(), props, new SimpleMeterRegistry());
        TokenVerifier verifier = new TokenVerifier(null, keys, records, new EngineClock(), props, new SimpleMeterRegistry());
        String oldKid = keys.current().getKeyID();
        IssuedToken before = tx.execute(s -> issuer.issue(TokenType.CONNECTION, "INST-R", "ACT-R", Duration.ofDays(1), Map.of("seats", 3), null));

        String newKid = keys.rotate();

        IssuedToken after = tx.execute(s -> issuer.issue(TokenType.CONNECTION, "INST-R", "ACT-R", Duration.ofDays(1), Map.of("seats", 4), null));
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(keys.publicJwks().getKeys()).extracting(JWK::getKeyID).contains(oldKid, newKid);
        assertThat(verifier.verifyOwn(before.compact(), TokenType.CONNECTION, "INST-R").jti()).isEqualTo(before.jti());
        assertThat(verifier.verifyOwn(after.compact(), TokenType.CONNECTION, "INST-R").jti()).isEqualTo(after.jti());
        assertThat(after.compact()).isNotEqualTo(before.compact());
        assertThat(headerKid(after.compact())).isEqualTo(newKid);
    }

    @Test
    void databaseStoreWhenReadByAnotherNodeThenSameKeysAndPrivatePartsSealed() {
        jdbc.update("DELETE FROM gf_signing_key");
        SigningKeys nodeA = new SigningKeys(properties("database", SEALING_KEY), jdbc, new EngineClock());
        SigningKeys nodeB = new SigningKeys(properties("database", SEALING_KEY), jdbc, new EngineClock());
        assertThat(nodeB.publicJwks().toString()).isEqualTo(nodeA.publicJwks().toString());
        String sealed = jdbc.queryForObject("SELECT private_sealed FROM gf_signing_key", String.class);
        assertThat(sealed).doesNotContain("\"d\"");
        assertThatThrownBy(() -> new SigningKeys(properties("database", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), jdbc, new EngineClock()))
                .hasMessageContaining("does not open the signing keys stored in the database");
        assertThatThrownBy(() -> new SigningKeys(properties("database", null), jdbc, new EngineClock()))
                .hasMessageContaining("encryption-key");
        jdbc.update("DELETE FROM gf_signing_key");
    }

    private static String headerKid(String compact) {
        try {
            return com.nimbusds.jose.JWSObject.parse(compact).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
