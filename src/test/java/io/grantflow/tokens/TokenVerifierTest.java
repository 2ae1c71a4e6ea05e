package io.grantflow.tokens;

import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Every refusal of the token verifier, each with its own code, including the classic JWT attacks. */
@GrantflowTest
class TokenVerifierTest {

    @Autowired
    TokenVerifier verifier;
    @Autowired
    TokenRecords records;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TransactionTemplate tx;

    EdgeKeyPair installation;
    EdgeKeyPair other;

    @BeforeEach
    void registerEdges() {
        installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        other = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        tx.executeWithoutResult(s -> {
            edgeKeys.register(installation.id(), EdgeKeys.Kind.INSTALLATION, "ACME", installation.privateKey().toECKey().toPublicJWK());
            edgeKeys.register(other.id(), EdgeKeys.Kind.INSTALLATION, "ACME", other.privateKey().toPublicJWK());
        });
    }

    private String update() {
        return installation.token("update+jwt", "ACT-1").claim("seats", 5).claim("license", "LIC-1").sign();
    }

    private void assertRefused(String token, TokenType type, String code) {
        assertThatThrownBy(() -> verifier.verifyFromEdge(token, type))
                .isInstanceOf(TokenException.class)
                .satisfies(e -> assertThat(((TokenException) e).code()).isEqualTo(code));
    }

    @Test
    void verifyWhenSignedByRegisteredKeyThenClaimsAreReadable() {
        VerifiedToken token = verifier.verifyFromEdge(update(), TokenType.UPDATE);
        assertThat(token.issuer()).isEqualTo(installation.id());
        assertThat(token.subject()).isEqualTo("ACT-1");
        assertThat(token.longClaim("seats")).isEqualTo(5);
        assertThat(token.stringClaim("license")).isEqualTo("LIC-1");
    }

    @Test
    void verifyWhenJtiAcceptedBeforeThenReplayed() {
        String token = update();
        VerifiedToken first = verifier.verifyFromEdge(token, TokenType.UPDATE);
        tx.executeWithoutResult(s -> records.accept(first, null));
        assertRefused(token, TokenType.UPDATE, "token-replayed");
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> records.accept(first, null)))
                .satisfies(e -> assertThat(((TokenException) e).code()).isEqualTo("token-replayed"));
    }

    @Test
    void acceptWhenTransactionRollsBackThenJtiIsStillUnused() {
        String token = update();
        VerifiedToken verified = verifier.verifyFromEdge(token, TokenType.UPDATE);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            records.accept(verified, null);
            throw new IllegalStateException("the step failed after accepting");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(verifier.verifyFromEdge(token, TokenType.UPDATE).jti()).isEqualTo(verified.jti());
    }

    @Test
    void verifyWhenAlgNoneThenAlgorithmNotAllowed() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"update+jwt\"}").toString();
        String body = Base64URL.encode("{\"iss\":\"" + installation.id() + "\",\"aud\":\"grantflow\",\"sub\":\"ACT-1\"}").toString();
        assertRefused(header + "." + body + ".", TokenType.UPDATE, "token-algorithm-not-allowed");
    }

    @Test
    void verifyWhenHs256KeyedWithThePublicKeyThenAlgorithmNotAllowed() throws Exception {
        byte[] publicKeyAsSecret = installation.privateKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("update+jwt")).build(),
                claims(installation.id()).build());
        jwt.sign(new MACSigner(publicKeyAsSecret));
        assertRefused(jwt.serialize(), TokenType.UPDATE, "token-algorithm-not-allowed");
    }

    @Test
    void verifyWhenSignedByAnotherInstallationsKeyThenInvalidSignature() {
        // The kid (another key's thumbprint) is only a hint: the installation's registered key decides.
        String forged = installation.token("update+jwt", "ACT-1").signedBy(other).sign();
        assertRefused(forged, TokenType.UPDATE, "token-invalid-signature");
        // Same kid as the real key but signed by another: the signature fails.
        String forgedSameKid = forgeWithKid(installation.privateKey().getKeyID());
        assertRefused(forgedSameKid, TokenType.UPDATE, "token-invalid-signature");
    }

    @Test
    void verifyWhenEmbeddedJwkHeaderThenItIsNotTrusted() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("update+jwt"))
                .jwk(other.privateKey().toPublicJWK()).build(), claims(installation.id()).build());
        jwt.sign(new ECDSASigner(other.privateKey()));
        assertRefused(jwt.serialize(), TokenType.UPDATE, "token-invalid-signature");
    }

    @Test
    void verifyWhenTypeIsAnotherThenWrongType() {
        String receipt = installation.token("receipt+jwt", "ACT-1").claim("connection_jti", "x").sign();
        assertRefused(receipt, TokenType.UPDATE, "token-wrong-type");
        assertRefused(installation.token("JWT", "ACT-1").sign(), TokenType.UPDATE, "token-wrong-type");
    }

    @Test
    void verifyWhenAudienceIsAnotherThenWrongAudience() {
        assertRefused(installation.token("update+jwt", "ACT-1").claims(c -> c.audience("someone-else")).sign(),
                TokenType.UPDATE, "token-wrong-audience");
    }

    @Test
    void verifyWhenExpiredBeyondLeewayThenExpired() {
        String token = installation.token("update+jwt", "ACT-1").issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .ttl(Duration.ofHours(1)).sign();
        assertRefused(token, TokenType.UPDATE, "token-expired");
    }

    @Test
    void verifyWhenExpiredWithinLeewayThenAccepted() {
        String token = installation.token("update+jwt", "ACT-1").issuedAt(Instant.now().minus(Duration.ofMinutes(10)))
                .ttl(Duration.ofMinutes(10).minusSeconds(30)).sign();
        assertThat(verifier.verifyFromEdge(token, TokenType.UPDATE).subject()).isEqualTo("ACT-1");
    }

    @Test
    void verifyWhenNotBeforeAheadThenNotYetValid() {
        String token = installation.token("update+jwt", "ACT-1")
                .claims(c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))).sign();
        assertRefused(token, TokenType.UPDATE, "token-not-yet-valid");
    }

    @Test
    void verifyWhenIssuedInTheFutureThenNotYetValid() {
        String token = installation.token("update+jwt", "ACT-1").issuedAt(Instant.now().plus(Duration.ofMinutes(10))).ttl(Duration.ofHours(1)).sign();
        assertRefused(token, TokenType.UPDATE, "token-not-yet-valid");
    }

    @Test
    void verifyWhenIssuerUnknownOrDisabledThenUnknownKey() {
        EdgeKeyPair stranger = EdgeKeyPair.create("INST-unknown-" + UUID.randomUUID());
        assertRefused(stranger.token("update+jwt", "ACT-1").sign(), TokenType.UPDATE, "token-unknown-key");
        String token = update();
        tx.executeWithoutResult(s -> edgeKeys.disable(installation.id()));
        assertRefused(token, TokenType.UPDATE, "token-unknown-key");
    }

    @Test
    void verifyWhenLargerThan8KiBThenTooLargeBeforeParsing() {
        assertRefused("a".repeat(9000), TokenType.UPDATE, "token-too-large");
        String big = installation.token("update+jwt", "ACT-1").claim("padding", "x".repeat(8200)).sign();
        assertRefused(big, TokenType.UPDATE, "token-too-large");
    }

    @Test
    void verifyWhenMalformedThenMalformed() {
        for (String garbage : new String[] {"", "abc", "a.b", "a.b.c.d", "!!!.???.###", "e30.e30.", "bm90IGpzb24.e30.c2ln"}) {
            assertThatThrownBy(() -> verifier.verifyFromEdge(garbage, TokenType.UPDATE))
                    .as(garbage)
                    .isInstanceOf(TokenException.class)
                    .satisfies(e -> assertThat(((TokenException) e).code())
                            .isIn("token-malformed", "token-algorithm-not-allowed", "token-invalid-signature"));
        }
        assertRefused("abc", TokenType.UPDATE, "token-malformed");
    }

    @Test
    void verifyWhenCriticalHeaderUnknownThenRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("update+jwt"))
                .keyID(installation.privateKey().getKeyID()).criticalParams(Set.of("exp-policy")).customParam("exp-policy", "x").build(),
                claims(installation.id()).build());
        jwt.sign(new ECDSASigner(installation.privateKey()));
        assertRefused(jwt.serialize(), TokenType.UPDATE, "token-malformed");
    }

    @Test
    void verifyWhenNoJtiOrNoExpThenMalformed() {
        assertRefused(installation.token("update+jwt", "ACT-1").claims(c -> c.jwtID(null)).sign(), TokenType.UPDATE, "token-malformed");
        assertRefused(installation.token("update+jwt", "ACT-1").claims(c -> c.expirationTime(null)).sign(), TokenType.UPDATE, "token-malformed");
    }

    @Test
    void verifyWhenCallInLivesLongerThanAllowedThenLifetimeTooLong() {
        String callIn = installation.token("callin+jwt", installation.id()).ttl(Duration.ofHours(1)).sign();
        assertRefused(callIn, TokenType.CALLIN, "token-lifetime-too-long");
    }

    @Test
    void verifyWhenUnknownKidSignedByAnotherKeyThenInvalidSignature() {
        assertRefused(forgeWithKid("some-other-kid"), TokenType.UPDATE, "token-invalid-signature");
    }

    private JWTClaimsSet.Builder claims(String issuer) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience("grantflow").subject("ACT-1").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private String forgeWithKid(String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("update+jwt")).keyID(kid).build(),
                    claims(installation.id()).build());
            jwt.sign(new ECDSASigner(other.privateKey()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
