package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.VerifiedToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevokeKeyRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final CreditAssignment A = new CreditAssignment("CA-1", "SYS-1", "SUB-1", 10, AssignmentState.REVOKING, true, null,
            NOW.plusSeconds(3600), "file-1", NOW, null, "pi-1", "pi-2", null, NOW, NOW);

    static VerifiedToken key(String issuer, String subject, String fileJti) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("file_jti", fileJti).build();
        return new VerifiedToken(TokenType.REVOKE, issuer, subject, "jti-9", NOW, NOW.plusSeconds(600), "sha", claims, null);
    }

    static void refused(Runnable rule, String detail) {
        assertThatThrownBy(rule::run).isInstanceOf(TokenException.class).hasMessage(detail)
                .satisfies(e -> assertThat(((TokenException) e).code()).isEqualTo("token-unknown-subject"));
    }

    @Test
    void keyWhenForThisAssignmentItsSystemAndItsFileThenBound() {
        assertThat(RevokeKeyRules.requireKeyFor(A, key("SYS-1", "CA-1", "file-1"))).isSameAs(A);
        assertThat(RevokeKeyRules.requireOwnKey("SYS-1", key("SYS-1", "CA-1", "file-1"), A)).isSameAs(A);
    }

    @Test
    void keyWhenForAnotherAssignmentSignerOrFileThenRefused() {
        refused(() -> RevokeKeyRules.requireKeyFor(A, key("SYS-1", "CA-2", "file-1")), "The revoke key is for CA-2, not CA-1");
        refused(() -> RevokeKeyRules.requireKeyFor(A, key("SYS-2", "CA-1", "file-1")),
                "The revoke key was signed by SYS-2, not by the assignment's system SYS-1");
        refused(() -> RevokeKeyRules.requireKeyFor(A, key("SYS-1", "CA-1", "file-0")),
                "The revoke key gives up another credit file than CA-1's");
    }

    @Test
    void systemsKeyWhenSignedByAnotherOrForAnotherSystemsAssignmentThenRefused() {
        refused(() -> RevokeKeyRules.requireOwnKey("SYS-1", key("SYS-2", "CA-1", "file-1"), A), "A system hands in its own revoke keys only");
        refused(() -> RevokeKeyRules.requireOwnKey("SYS-2", key("SYS-2", "CA-1", "file-1"), A), "No assignment CA-1 of SYS-2");
        refused(() -> RevokeKeyRules.requireOwnKey("SYS-1", key("SYS-1", "CA-7", "file-1"), null), "No assignment CA-7 of SYS-1");
    }
}
