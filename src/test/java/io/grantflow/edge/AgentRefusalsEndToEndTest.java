package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.GrantflowTest;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.TokenVerifier;
import io.grantflow.tokens.VerifiedToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grantflow and the edge agent as separate processes: the agent trusts Grantflow's published keys, applies the files
 * Grantflow signs, calls in with its registered key, and refuses what it must (the token rules), changing nothing.
 */
@GrantflowTest
class AgentRefusalsEndToEndTest {

    @LocalServerPort
    int port;
    @Autowired
    TokenIssuer issuer;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TokenVerifier verifier;
    @Autowired
    TransactionTemplate tx;

    @TempDir
    Path tmp;

    private String systemId;
    private AgentProcess system;

    @BeforeEach
    void linkedSystem() throws Exception {
        systemId = "SYS-" + UUID.randomUUID();
        system = AgentProcess.inThisJvm(tmp.resolve("system"));
        String jwk = system.ok("init", "--kind", "system", "--id", systemId).out().strip();
        edgeKeys.register(systemId, EdgeKeys.Kind.SYSTEM, "ACME", ECKey.parse(jwk));
        system.ok("trust", "--jwks", portal() + "/.well-known/jwks.json");
    }

    private String portal() {
        return "http://127.0.0.1:" + port;
    }

    private String creditFile(String forSystem, String assignmentId, int credits, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = Map.of("assignments", List.of(Map.of("id", assignmentId, "subscription", "SUB-ANNUAL",
                "credits", credits, "expires_at", expiresAt.getEpochSecond())));
        return tx.execute(s -> issuer.issue(TokenType.CREDITS, forSystem, forSystem, issuedAt.truncatedTo(ChronoUnit.SECONDS),
                expiresAt.truncatedTo(ChronoUnit.SECONDS), claims, null).compact());
    }

    private String creditFile(String forSystem, String assignmentId, int credits) {
        Instant now = Instant.now();
        return creditFile(forSystem, assignmentId, credits, now, now.plus(Duration.ofDays(30)));
    }

    private String state() throws Exception {
        Path file = system.home().resolve("state.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void creditFileSignedByGrantflowIsAppliedOffline() {
        AgentProcess.Result apply = system.run("apply", system.write("credits.jwt", creditFile(systemId, "ASG-1", 7)).toString());

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(system.ok("status").out()).contains("assignment ASG-1: 7 credits").contains("credits: 7 held, 0 in use, 7 free");
    }

    @Test
    void connectionTokenSignedByGrantflowIsAppliedAndTheReceiptVerifiesAtGrantflow() throws Exception {
        AgentProcess installation = AgentProcess.inThisJvm(tmp.resolve("installation"));
        String installationId = "IN-" + UUID.randomUUID();
        String jwk = installation.ok("init", "--kind", "installation", "--id", installationId).out().strip();
        edgeKeys.register(installationId, EdgeKeys.Kind.INSTALLATION, "ACME", ECKey.parse(jwk));
        installation.ok("trust", "--jwks", portal() + "/.well-known/jwks.json");
        String token = tx.execute(s -> issuer.issue(TokenType.CONNECTION, installationId, "ACT-1", Duration.ofDays(30),
                Map.of("seats", 4, "activation_exp", Instant.now().plus(Duration.ofDays(300)).getEpochSecond(), "nonce", "new",
                        "license", "LIC-DEMO"), null).compact());

        AgentProcess.Result apply = installation.run("apply", installation.write("connection.jwt", token).toString());

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("activation ACT-1: 4 seats of license LIC-DEMO");
        VerifiedToken receipt = verifier.verifyFromEdge(apply.lastLine(), TokenType.RECEIPT);
        assertThat(receipt.issuer()).isEqualTo(installationId);
        assertThat(receipt.subject()).isEqualTo("ACT-1");
        assertThat(receipt.stringClaim("connection_jti")).isEqualTo(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        VerifiedToken update = verifier.verifyFromEdge(installation.ok("update-token", "--activation", "ACT-1").out().strip(), TokenType.UPDATE);
        assertThat(update.longClaim("seats")).isEqualTo(4);
        assertThat(update.stringClaim("license")).isEqualTo("LIC-DEMO");
    }

    @Test
    void callInWithTheRegisteredKeyIsAnswered() {
        AgentProcess.Result sync = system.run("call-in", "--portal", portal());

        assertThat(sync.exit()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("called in at ");
    }

    @Test
    void callInOfAnEdgeNobodyLinkedIsRefused() {
        AgentProcess stranger = AgentProcess.inThisJvm(tmp.resolve("stranger"));
        stranger.ok("init", "--kind", "system", "--id", "SYS-" + UUID.randomUUID());

        AgentProcess.Result sync = stranger.run("call-in", "--portal", portal());

        assertThat(sync.exit()).isEqualTo(1);
        assertThat(sync.err()).startsWith("error: token-unknown-key: ").contains("401");
    }

    @Test
    void creditFileForAnotherSystemIsRefused() throws Exception {
        String before = state();

        AgentProcess.Result apply = system.run("apply", system.write("other.jwt", creditFile("SYS-OTHER-" + UUID.randomUUID(), "ASG-1", 7)).toString());

        assertRefused(apply, "token-wrong-audience");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void replayedCreditFileIsRefused() throws Exception {
        Path file = system.write("credits.jwt", creditFile(systemId, "ASG-1", 7));
        system.ok("apply", file.toString());
        VerifiedToken revokeKey = verifier.verifyFromEdge(system.ok("revoke-key", "--assignment", "ASG-1").out().strip(), TokenType.REVOKE);
        assertThat(revokeKey.subject()).isEqualTo("ASG-1");
        assertThat(revokeKey.stringClaim("file_jti")).isEqualTo(SignedJWT.parse(Files.readString(file)).getJWTClaimsSet().getJWTID());
        String before = state();

        AgentProcess.Result again = system.run("apply", file.toString());

        assertRefused(again, "token-replayed");
        assertThat(state()).isEqualTo(before);
        assertThat(system.ok("status").out()).contains("credits: 0 held");
    }

    @Test
    void creditFileSignedByAnUnknownKeyIsRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("credits+jwt"))
                .keyID(stranger.getKeyID()).build(), new JWTClaimsSet.Builder().issuer("grantflow").audience(systemId).subject(systemId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofDays(1)))).jwtID(UUID.randomUUID().toString())
                .claim("assignments", List.of(Map.of("id", "ASG-9", "credits", 1000, "expires_at", now.plus(Duration.ofDays(1)).getEpochSecond())))
                .build());
        forged.sign(new ECDSASigner(stranger));
        String before = state();

        AgentProcess.Result apply = system.run("apply", system.write("forged.jwt", forged.serialize()).toString());

        assertRefused(apply, "token-unknown-key");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void expiredCreditFileIsRefused() throws Exception {
        Path file = system.write("credits.jwt", creditFile(systemId, "ASG-1", 7, Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        String before = state();

        AgentProcess.Result apply = system.clockAt(Instant.now().plus(Duration.ofHours(3))).run("apply", file.toString());

        assertRefused(apply, "token-expired");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void anyNewFileIsRefusedWhileTheAgentsClockIsSetBack() throws Exception {
        Instant now = Instant.now();
        system.ok("apply", system.write("first.jwt", creditFile(systemId, "ASG-1", 7)).toString());
        // valid three days ago: only the clock check stands between it and the edge
        Path old = system.write("old.jwt", creditFile(systemId, "ASG-2", 50, now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(2))));
        String before = state();
        system.clockAt(now.minus(Duration.ofDays(3)));

        AgentProcess.Result apply = system.run("apply", old.toString());

        assertRefused(apply, "clock-rollback");
        assertThat(state()).isEqualTo(before);
        assertThat(system.ok("status").out()).contains("clock: SET BACK");
        assertRefused(system.run("apply", system.write("fresh.jwt", creditFile(systemId, "ASG-3", 5)).toString()), "clock-rollback");

        system.clockAt(null);
        assertThat(system.ok("status").out()).contains("(ok)").contains("credits: 7 held");
    }

    private static void assertRefused(AgentProcess.Result result, String code) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).startsWith("error: " + code + ": ");
        assertThat(result.err().strip()).as(result.toString()).doesNotContain("\n");
    }
}
