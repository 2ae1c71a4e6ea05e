package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every kind of bad update token is refused with its code, and no state is created (no update, flow, seat or jti). */
@GrantflowTest
class UpdateTokenRejectionProcessTest {

    @Autowired
    ActivationFixture fx;

    record Case(String name, String code, Function<Ctx, String> token) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a case may use: the activation, a second one of another installation, a stranger's key. */
    record Ctx(ActivationFixture fx, Act act, Act other, EdgeKeyPair stranger) {
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                new Case("signed by another key", "token-invalid-signature", c -> c.fx().updateToken(c.act()).signedBy(c.stranger()).sign()),
                new Case("payload changed after signing", "token-invalid-signature", c -> tampered(c.fx().updateToken(c.act()).sign(),
                        c.fx().updateToken(c.act()).claim("seats", 999).sign())),
                new Case("unknown issuer", "token-unknown-key", c -> c.stranger().token("update+jwt", c.act().id())
                        .claim("seats", 1).claim("license", c.act().licenseId()).sign()),
                new Case("expired", "token-expired", c -> c.fx().updateToken(c.act()).issuedAt(c.fx().now().minus(Duration.ofHours(3)))
                        .ttl(Duration.ofHours(1)).sign()),
                new Case("not yet valid", "token-not-yet-valid", c -> c.fx().updateToken(c.act())
                        .claims(b -> b.notBeforeTime(java.util.Date.from(c.fx().now().plus(Duration.ofHours(1))))).sign()),
                new Case("wrong type", "token-wrong-type", c -> c.fx().updateToken(c.act()).type("receipt+jwt").sign()),
                new Case("wrong audience", "token-wrong-audience", c -> c.fx().updateToken(c.act()).claims(b -> b.audience("someone-else")).sign()),
                new Case("malformed", "token-malformed", c -> "not.a.jwt"),
                new Case("too large", "token-too-large", c -> c.fx().updateToken(c.act()).claim("padding", "x".repeat(9000)).sign()),
                new Case("alg none", "token-algorithm-not-allowed", c -> unsigned(c.fx().updateToken(c.act()).sign())),
                new Case("unknown activation", "token-unknown-subject", c -> c.act().key().token("update+jwt", "RA-nope")
                        .claim("seats", 1).claim("license", c.act().licenseId()).sign()),
                new Case("activation of another installation", "token-unknown-subject", c -> c.act().key().token("update+jwt", c.other().id())
                        .claim("seats", 1).claim("license", c.other().licenseId()).sign()),
                new Case("wrong license", "token-unknown-subject", c -> c.fx().updateToken(c.act()).claim("license", "LIC-other").sign()),
                new Case("without seats", "token-malformed", c -> c.fx().updateToken(c.act()).claims(b -> b.claim("seats", null)).sign()))
                .map(Arguments::of);
    }

    /** The header and signature of one token around the payload of another. */
    static String tampered(String signed, String other) {
        String[] a = signed.split("\\.");
        return a[0] + "." + other.split("\\.")[1] + "." + a[2];
    }

    static String unsigned(String compact) {
        String[] parts = compact.split("\\.");
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"update+jwt\"}".getBytes(StandardCharsets.UTF_8)).toString();
        return header + "." + parts[1] + ".";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badUpdateTokenIsRefusedAndCreatesNoState(Case c) {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        Act other = fx.active(fx.license(5), 1);
        String token = c.token().apply(new Ctx(fx, act, other, EdgeKeyPair.create("STRANGER-" + java.util.UUID.randomUUID())));
        ActivationFixture.Snapshot before = fx.snapshot(act);

        assertThatThrownBy(() -> fx.tx.execute(s -> fx.updates.start(token, "integrator")))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo(c.code()));

        assertThat(fx.snapshot(act)).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void replayedUpdateTokenIsRefused() {
        Act act = fx.active(fx.license(20), 5);
        String token = fx.updateToken(act).sign();
        ActivationUpdates.Started first = fx.tx.execute(s -> fx.updates.start(token, "integrator"));
        // end the first update so only the replay can refuse the second start
        fx.tx.executeWithoutResult(s -> fx.runtime.deleteProcessInstance(first.processInstanceId(), "test"));
        fx.jdbc.update("UPDATE gf_remote_activation SET pending_update_id = NULL WHERE id = ?", act.id());
        ActivationFixture.Snapshot before = fx.snapshot(act);

        assertThatThrownBy(() -> fx.tx.execute(s -> fx.updates.start(token, "integrator")))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("token-replayed"));
        assertThat(fx.snapshot(act)).isEqualTo(before);
    }
}
