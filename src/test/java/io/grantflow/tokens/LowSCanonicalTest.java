package io.grantflow.tokens;

import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One token, one text: ECDSA's (r, n - s) twin of a signature verifies too, so Grantflow signs only low-S and its
 * registry knows an accepted token by its canonical low-S text; a twin of a token already seen is a replay.
 */
@GrantflowTest
class LowSCanonicalTest {

    static final BigInteger N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    @Autowired
    TokenVerifier verifier;
    @Autowired
    TokenRecords records;
    @Autowired
    TokenIssuer issuer;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;

    EdgeKeyPair installation;

    @BeforeEach
    void registerEdge() {
        installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        tx.executeWithoutResult(s -> edgeKeys.register(installation.id(), EdgeKeys.Kind.INSTALLATION, "ACME",
                installation.privateKey().toPublicJWK()));
    }

    static BigInteger s(String compact) {
        byte[] rs = new Base64URL(compact.substring(compact.lastIndexOf('.') + 1)).decode();
        assertThat(rs).hasSize(64);
        return new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
    }

    /** The same token with s replaced by n - s: a valid signature of the same header and payload. */
    static String twin(String compact) {
        byte[] rs = new Base64URL(compact.substring(compact.lastIndexOf('.') + 1)).decode();
        byte[] flipped = N.subtract(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))).toByteArray();
        byte[] out = Arrays.copyOf(rs, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        int n = Math.min(32, flipped.length);
        System.arraycopy(flipped, flipped.length - n, out, 64 - n, n);
        return compact.substring(0, compact.lastIndexOf('.') + 1) + Base64URL.encode(out);
    }

    /** A receipt in its low-S text and its high-S twin. */
    List<String> receiptAndTwin() {
        String any = installation.token("receipt+jwt", "ACT-" + UUID.randomUUID()).claim("connection_jti", "c").sign();
        String low = s(any).compareTo(N.shiftRight(1)) <= 0 ? any : twin(any);
        return List.of(low, twin(low));
    }

    String recordedSha256(String jti) {
        List<String> rows = jdbc.queryForList("SELECT token_sha256 FROM gf_token_record WHERE issuer = ? AND jti = ?", String.class,
                installation.id(), jti);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void tokensGrantflowIssuesWhenSignedThenAlwaysLowS() throws Exception {
        for (int i = 0; i < 200; i++) {
            IssuedToken token = tx.execute(s -> issuer.issue(TokenType.CONNECTION, "INST-LOW-S", "ACT-LOW-S",
                    java.time.Duration.ofMinutes(5), Map.of("seats", 1), null));
            assertThat(s(token.compact())).as(token.compact()).isLessThanOrEqualTo(N.shiftRight(1));
            assertThat(SignedJWT.parse(token.compact()).getSignature().decode()).hasSize(64);
            assertThat(records.compact(token.jti())).hasValue(token.compact());
            String document = issuer.signDocument(TokenType.EVIDENCE, "ACT-LOW-S", Map.of());
            assertThat(s(document)).isLessThanOrEqualTo(N.shiftRight(1));
        }
    }

    @Test
    void highSTwinWhenTheLowSReceiptWasAcceptedThenReplayed() {
        List<String> texts = receiptAndTwin();
        VerifiedToken first = verifier.verifyFromEdge(texts.get(0), TokenType.RECEIPT);
        tx.executeWithoutResult(s -> records.accept(first, null));
        assertThatThrownBy(() -> verifier.verifyFromEdge(texts.get(1), TokenType.RECEIPT))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-replayed"));
        assertThat(recordedSha256(first.jti())).isEqualTo(JwsChecks.sha256(texts.get(0)));
    }

    @Test
    void highSTwinWhenItComesFirstThenAcceptedButRecordedInItsCanonicalTextAndTheLowSOneIsReplayed() {
        List<String> texts = receiptAndTwin();
        VerifiedToken twinFirst = verifier.verifyFromEdge(texts.get(1), TokenType.RECEIPT);
        assertThat(twinFirst.sha256()).isEqualTo(JwsChecks.sha256(texts.get(0)));
        tx.executeWithoutResult(s -> records.accept(twinFirst, null));
        assertThatThrownBy(() -> verifier.verifyFromEdge(texts.get(0), TokenType.RECEIPT))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-replayed"));
        // accepting the other text anyway (two verifications racing) is refused by the registry itself
        VerifiedToken lowText = tx.execute(s -> {
            jdbc.update("DELETE FROM gf_token_record WHERE issuer = ? AND jti = ?", installation.id(), twinFirst.jti());
            return verifier.verifyFromEdge(texts.get(0), TokenType.RECEIPT);
        });
        assertThat(lowText.sha256()).isEqualTo(twinFirst.sha256());
        tx.executeWithoutResult(s -> records.accept(lowText, null));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> records.accept(twinFirst, null)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-replayed"));
        assertThat(recordedSha256(twinFirst.jti())).isEqualTo(JwsChecks.sha256(texts.get(0)));
    }

    @Test
    void canonicalWhenHighSThenLowSAndLowSUnchanged() throws Exception {
        List<String> texts = receiptAndTwin();
        assertThat(JwsChecks.canonical(SignedJWT.parse(texts.get(1)))).isEqualTo(texts.get(0));
        assertThat(JwsChecks.canonical(SignedJWT.parse(texts.get(0)))).isEqualTo(texts.get(0));
        assertThat(JwsChecks.isLowS(SignedJWT.parse(texts.get(0)))).isTrue();
        assertThat(JwsChecks.isLowS(SignedJWT.parse(texts.get(1)))).isFalse();
    }
}
