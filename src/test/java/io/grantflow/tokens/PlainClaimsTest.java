package io.grantflow.tokens;

import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A token's jti, iss and sub reach the registry's queries and rows: NUL and bidi controls there are token-malformed. */
@GrantflowTest
class PlainClaimsTest {

    @Autowired
    TokenVerifier verifier;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void tokenWhenItsIdentifiersHoldControlOrBidiCharactersThenMalformedAndNothingRecorded() {
        EdgeKeyPair installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        tx.executeWithoutResult(s -> edgeKeys.register(installation.id(), EdgeKeys.Kind.INSTALLATION, "ACME",
                installation.privateKey().toPublicJWK()));
        long records = jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record", Long.class);
        List<String> tokens = List.of(
                installation.token("receipt+jwt", "ACT-1").claims(c -> c.jwtID("jti\u0000x")).sign(),
                installation.token("receipt+jwt", "ACT-1").claims(c -> c.jwtID("\u202ejti")).sign(),
                installation.token("receipt+jwt", "ACT-\u0000").sign(),
                installation.token("receipt+jwt", "ACT-\u2066x").sign(),
                installation.token("receipt+jwt", "ACT-1").claims(c -> c.issuer(installation.id() + "\u0000")).sign());
        for (String token : tokens) {
            assertThatThrownBy(() -> verifier.verifyFromEdge(token, TokenType.RECEIPT)).as(token)
                    .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-malformed"));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record", Long.class)).isEqualTo(records);
    }
}
