package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Four-eyes on a reduction, without an engine. */
class FourEyesTest {

    static ActivationUpdate update(String configuredBy, String approvedBy) {
        Instant t = Instant.parse("2027-01-01T00:00:00Z");
        return new ActivationUpdate("UPD-1", "RA-1", "jti", t, UpdateStatus.AWAITING_REDUCTION_APPROVAL, 10, t, 4L, t, configuredBy,
                approvedBy, null, null, null, null);
    }

    static String code(Throwable e) {
        return ((GrantflowException) e).code();
    }

    @Test
    void theConfigurerMayNotConfirmTheirOwnReduction() {
        FourEyes.refuseConfigurer(update("alice", null), "bob");
        FourEyes.refuseConfigurer(update("alice", null), null);
        assertThatThrownBy(() -> FourEyes.refuseConfigurer(update("alice", null), "alice"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes")).hasMessageContaining("(alice)");
    }

    @Test
    void saveNeedsARecordedYesByAnotherOperator() {
        FourEyes.requireApproval(update("alice", "bob"), true);
        assertThatThrownBy(() -> FourEyes.requireApproval(update("alice", "bob"), false)).satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes"));
        assertThatThrownBy(() -> FourEyes.requireApproval(update("alice", "bob"), null)).satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes"));
        assertThatThrownBy(() -> FourEyes.requireApproval(update("alice", null), true)).satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes"));
        assertThatThrownBy(() -> FourEyes.requireApproval(update("alice", "alice"), true)).satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes"));
    }

    @Test
    void stepsNeedASignedInOperator() {
        FourEyes.requireSignedIn("alice", "Configuring seats");
        assertThatThrownBy(() -> FourEyes.requireSignedIn(null, "Configuring seats")).hasMessage("Configuring seats needs a signed-in operator");
    }
}
