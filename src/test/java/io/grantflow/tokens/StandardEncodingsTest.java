package io.grantflow.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edge tokens as a standard JOSE library writes them: every form the RFCs allow for one meaning is accepted, and
 * each refused form has its own code (docs/security.md, the edge's tokens).
 */
@GrantflowTest
class StandardEncodingsTest {

    @Autowired
    TokenVerifier verifier;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TransactionTemplate tx;

    EdgeKeyPair installation;

    @BeforeEach
    void registerEdge() {
        installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        tx.executeWithoutResult(s -> edgeKeys.register(installation.id(), EdgeKeys.Kind.INSTALLATION, "ACME",
                installation.privateKey().toPublicJWK()));
    }

    /** Signed the plain Nimbus way: header and claims exactly as given, no Grantflow helper in between. */
    private String signed(String typ, String kid, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().issuer(installation.id()).audience("grantflow").subject(installation.id())
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        claims.accept(body);
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ));
        if (kid != null) {
            header.keyID(kid);
        }
        SignedJWT jwt = new SignedJWT(header.build(), body.build());
        jwt.sign(new ECDSASigner(installation.privateKey()));
        return jwt.serialize();
    }

    private void assertRefused(String token, TokenType type, String code) {
        assertThatThrownBy(() -> verifier.verifyFromEdge(token, type)).isInstanceOf(TokenException.class)
                .satisfies(e -> assertThat(((TokenException) e).code()).as(token).isEqualTo(code));
    }

    @Test
    void typWhenFullMediaTypeOrOtherCaseThenSameType() throws Exception {
        for (String typ : List.of("callin+jwt", "application/callin+jwt", "CALLIN+JWT", "Application/CallIn+JWT")) {
            assertThat(verifier.verifyFromEdge(signed(typ, null, b -> { }), TokenType.CALLIN).type()).as(typ).isEqualTo(TokenType.CALLIN);
        }
        assertRefused(signed("application/receipt+jwt", null, b -> { }), TokenType.CALLIN, "token-wrong-type");
        assertRefused(signed("text/callin+jwt", null, b -> { }), TokenType.CALLIN, "token-wrong-type");
    }

    @Test
    void audWhenArrayNamingGrantflowThenAccepted() throws Exception {
        String both = signed("callin+jwt", null, b -> b.audience(List.of("other-service", "grantflow")));
        assertThat(verifier.verifyFromEdge(both, TokenType.CALLIN).issuer()).isEqualTo(installation.id());
        assertRefused(signed("callin+jwt", null, b -> b.audience(List.of("other-service", "elsewhere"))), TokenType.CALLIN,
                "token-wrong-audience");
    }

    @Test
    void kidWhenALabelThenTheRegisteredKeyDecides() throws Exception {
        for (String kid : List.of("installation-key-2026", "1", installation.privateKey().getKeyID())) {
            assertThat(verifier.verifyFromEdge(signed("callin+jwt", kid, b -> { }), TokenType.CALLIN).issuer()).as(kid)
                    .isEqualTo(installation.id());
        }
        assertThat(verifier.verifyFromEdge(signed("callin+jwt", null, b -> { }), TokenType.CALLIN).issuer()).isEqualTo(installation.id());
    }

    @Test
    void iatWhenMissingThenMalformedForEveryEdgeToken() throws Exception {
        assertRefused(signed("callin+jwt", null, b -> b.issueTime(null)), TokenType.CALLIN, "token-malformed");
        assertRefused(signed("update+jwt", null, b -> b.issueTime(null).claim("seats", 1).claim("license", "LIC-1")), TokenType.UPDATE,
                "token-malformed");
        assertRefused(signed("receipt+jwt", null, b -> b.issueTime(null).claim("connection_jti", "x")), TokenType.RECEIPT,
                "token-malformed");
        assertRefused(signed("revoke+jwt", null, b -> b.issueTime(null).claim("file_jti", "x")), TokenType.REVOKE, "token-malformed");
    }

    @Test
    void callInWhenLivingLongerThanAllowedThenLifetimeTooLong() throws Exception {
        Instant now = Instant.now();
        String eleven = signed("callin+jwt", null, b -> b.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(11)))));
        assertRefused(eleven, TokenType.CALLIN, "token-lifetime-too-long");
        String ten = signed("callin+jwt", null, b -> b.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))));
        assertThat(verifier.verifyFromEdge(ten, TokenType.CALLIN).issuer()).isEqualTo(installation.id());
    }
}
