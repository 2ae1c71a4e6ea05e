package io.grantflow.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.QrImages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent on its own, against files signed by a throwaway "Grantflow" key: every rule and every refusal. */
class EdgeAgentTest {

    @TempDir
    Path tmp;

    private final FakeGrantflowKeys grantflow = new FakeGrantflowKeys();
    private AgentRunner installation;
    private AgentRunner system;

    @BeforeEach
    void edges() {
        installation = new AgentRunner(tmp.resolve("installation"));
        assertThat(installation.run("init", "--kind", "installation", "--id", "IN-1").exit()).isZero();
        assertThat(installation.run("trust", "--jwks", grantflow.writeJwks(tmp).toString()).exit()).isZero();
        system = new AgentRunner(tmp.resolve("system"));
        assertThat(system.run("init", "--kind", "system").exit()).isZero();
        assertThat(system.run("init", "--id", "SYS-1").exit()).isZero();
        assertThat(system.run("trust", "--jwks", grantflow.writeJwks(tmp).toString()).exit()).isZero();
    }

    @Test
    void initWritesPrivateKeyReadableByOwnerOnlyAndPrintsPublicJwk() throws Exception {
        AgentRunner edge = new AgentRunner(tmp.resolve("fresh"));
        AgentRunner.Result init = edge.run("init", "--kind", "installation", "--id", "IN-2");

        assertThat(init.exit()).isZero();
        assertThat(init.out().strip()).startsWith("{").contains("\"crv\":\"P-256\"").doesNotContain("\"d\"");
        assertThat(Files.getPosixFilePermissions(edge.home().resolve("edge.json")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(init.out().strip()).isEqualTo(edge.publicKey().toJSONString());
    }

    @Test
    void initOfSystemWithoutIdThenWithIdKeepsTheKey() {
        AgentRunner edge = new AgentRunner(tmp.resolve("sys"));
        String before = edge.run("init", "--kind", "system").out();
        assertThat(edge.run("status").out()).contains("system (no id yet)");

        AgentRunner.Result setId = edge.run("init", "--id", "SYS-42");

        assertThat(setId.exit()).isZero();
        assertThat(setId.out()).isEqualTo(before);
        assertThat(edge.run("status").out()).contains("system SYS-42");
    }

    @Test
    void initWithAnotherIdOrKindIsRefused() {
        AgentRunner.Result otherId = installation.run("init", "--id", "IN-OTHER");
        AgentRunner.Result otherKind = installation.run("init", "--kind", "system");

        assertThat(otherId.exit()).isEqualTo(1);
        assertThat(otherId.err()).startsWith("error: already-initialised: ");
        assertThat(otherKind.err()).startsWith("error: already-initialised: ");
        assertThat(installation.run("status").out()).contains("installation IN-1");
    }

    @Test
    void applyConnectionTokenHoldsSeatsAndPrintsReceiptSignedByTheEdge() throws Exception {
        String token = grantflow.connection("IN-1", "ACT-1", 10).sign();
        String connectionJti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

        AgentRunner.Result apply = installation.run("apply", installation.write("conn.jwt", token).toString(),
                "--receipt", tmp.resolve("receipt.jwt").toString());

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("activation ACT-1: 10 seats of license LIC-TEST").contains("(ACTIVE)");
        SignedJWT receipt = SignedJWT.parse(apply.lastLine());
        assertThat(receipt.verify(new ECDSAVerifier(installation.publicKey()))).isTrue();
        assertThat(receipt.getHeader().getType().getType()).isEqualTo("receipt+jwt");
        assertThat(receipt.getHeader().getKeyID()).isEqualTo(installation.publicKey().computeThumbprint().toString());
        assertThat(receipt.getJWTClaimsSet().getIssuer()).isEqualTo("IN-1");
        assertThat(receipt.getJWTClaimsSet().getAudience()).containsExactly("grantflow");
        assertThat(receipt.getJWTClaimsSet().getSubject()).isEqualTo("ACT-1");
        assertThat(receipt.getJWTClaimsSet().getStringClaim("connection_jti")).isEqualTo(connectionJti);
        assertThat(Files.readString(tmp.resolve("receipt.jwt")).strip()).isEqualTo(apply.lastLine());
        assertThat(installation.run("status").out()).contains("activation ACT-1: 10 seats").contains("receipt ACT-1");
    }

    @Test
    void statusAsksForAnUpdateWithinThirtyDaysOfTheSeatsExpiry() {
        Instant expires = Instant.now().plus(Duration.ofDays(12)).plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 3).claim("activation_exp", expires.getEpochSecond()).sign(),
                "apply", "-");
        String day = java.time.format.DateTimeFormatter.ofPattern("d MMM uuuu", java.util.Locale.ENGLISH)
                .format(expires.atZone(java.time.ZoneOffset.UTC));

        assertThat(installation.run("status").out())
                .contains("activation ACT-1: 3 seats").contains("expires in 12 days (on " + day + "): ask for an update");
        assertThat(installation.at(expires.minus(Duration.ofDays(31)).toString()).run("status").out())
                .contains("activation ACT-1: 3 seats").doesNotContain("ask for an update");
        assertThat(installation.at(expires.minus(Duration.ofHours(1)).toString()).run("status").out())
                .contains("expires within a day (on " + day + "): ask for an update");
        assertThat(installation.at(expires.plusSeconds(1).toString()).run("status").out())
                .contains("(EXPIRED)").doesNotContain("ask for an update");
    }

    @Test
    void receiptsNobodyCollectedLeaveTheOutboxWhenTheyExpire() {
        installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 3).sign(), "apply", "-");
        assertThat(installation.run("status").out()).contains("not yet confirmed by Grantflow").contains("receipt ACT-1");

        installation.at(Instant.now().plus(Duration.ofDays(8)).toString());

        assertThat(installation.run("status").out()).doesNotContain("not yet confirmed");
    }

    @Test
    void applyReadsTheFileFromStandardInput() {
        AgentRunner.Result apply = installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 3).sign() + "\n", "apply", "-");

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("activation ACT-1: 3 seats");
    }

    @Test
    void updateTokenCarriesCurrentSeatsAndLicenseSignedByTheEdge() throws Exception {
        installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 7).sign(), "apply", "-");

        AgentRunner.Result update = installation.run("update-token", "--activation", "ACT-1");

        assertThat(update.exit()).as(update.toString()).isZero();
        SignedJWT token = SignedJWT.parse(update.out().strip());
        assertThat(token.verify(new ECDSAVerifier(installation.publicKey()))).isTrue();
        assertThat(token.getHeader().getType().getType()).isEqualTo("update+jwt");
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("ACT-1");
        assertThat(token.getJWTClaimsSet().getLongClaim("seats")).isEqualTo(7);
        assertThat(token.getJWTClaimsSet().getStringClaim("license")).isEqualTo("LIC-TEST");
        assertThat(Duration.between(token.getJWTClaimsSet().getIssueTime().toInstant(),
                token.getJWTClaimsSet().getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void updateTokenQrCodeCarriesTheMobileLink() throws Exception {
        installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 7).sign(), "apply", "-");
        Path png = tmp.resolve("update.png");

        AgentRunner.Result update = installation.run("update-token", "--activation", "ACT-1", "--qr", png.toString(),
                "--qr-terminal", "--portal", "https://grantflow.example");

        assertThat(update.exit()).as(update.toString()).isZero();
        String link = QrImages.read(png);
        assertThat(link).startsWith("https://grantflow.example/m/update#token=");
        assertThat(URLDecoder.decode(link.substring(link.indexOf('=') + 1), StandardCharsets.UTF_8)).isEqualTo(update.out().strip());
        assertThat(update.err()).contains("▀");
    }

    @Test
    void updateTokenForAnActivationNotHeldIsRefused() {
        AgentRunner.Result update = installation.run("update-token", "--activation", "ACT-NONE");

        assertThat(update.exit()).isEqualTo(1);
        assertThat(update.err()).startsWith("error: unknown-activation: ");
        assertThat(update.out()).isEmpty();
    }

    @Test
    void applyCreditFileAddsTheAssignmentsCredits() {
        AgentRunner.Result apply = system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 25).sign(), "apply", "-");

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("assignment ASG-1: 25 credits of subscription SUB-TEST").contains("credits: 25 held, 0 in use, 25 free");
        assertThat(system.run("status").out()).contains("credits: 25 held");
    }

    @Test
    void creditFileForAnotherSystemIsRefusedAndChangesNothing() {
        String state = system.stateFile();

        AgentRunner.Result apply = system.runWithInput(grantflow.credits("SYS-OTHER", "ASG-1", 25).sign(), "apply", "-");
        AgentRunner.Result subject = system.runWithInput(grantflow.credits("SYS-1", "ASG-2", 25).subject("SYS-OTHER").sign(), "apply", "-");

        assertRefused(apply, "token-wrong-audience");
        assertRefused(subject, "token-unknown-subject");
        assertThat(system.stateFile()).isEqualTo(state);
    }

    @Test
    void replayedFileIsRefusedAndChangesNothing() {
        String file = grantflow.credits("SYS-1", "ASG-1", 25).sign();
        assertThat(system.runWithInput(file, "apply", "-").exit()).isZero();
        system.run("use", "--credits", "5", "--resource", "printer");
        system.run("revoke-key", "--assignment", "ASG-1");
        system.run("release", "--resource", "printer");
        String state = system.stateFile();

        AgentRunner.Result again = system.runWithInput(file, "apply", "-");

        assertRefused(again, "token-replayed");
        assertThat(system.stateFile()).isEqualTo(state);
    }

    @Test
    void fileSignedByAnUnknownKeyIsRefusedAndChangesNothing() {
        String state = system.stateFile();

        AgentRunner.Result apply = system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 25).signedBy(new FakeGrantflowKeys()).sign(),
                "apply", "-");

        assertRefused(apply, "token-unknown-key");
        assertThat(system.stateFile()).isEqualTo(state);
    }

    @Test
    void fileWithATamperedPayloadIsRefused() {
        String[] parts = grantflow.credits("SYS-1", "ASG-1", 25).sign().split("\\.");
        String forged = grantflow.credits("SYS-1", "ASG-1", 2500).sign().split("\\.")[1];

        AgentRunner.Result apply = system.runWithInput(parts[0] + "." + forged + "." + parts[2], "apply", "-");

        assertRefused(apply, "token-invalid-signature");
    }

    @Test
    void expiredFileIsRefusedAndChangesNothing() {
        String state = system.stateFile();
        String file = grantflow.credits("SYS-1", "ASG-1", 25).issuedAt(Instant.now().minus(Duration.ofDays(2)))
                .ttl(Duration.ofDays(1)).sign();

        AgentRunner.Result apply = system.runWithInput(file, "apply", "-");

        assertRefused(apply, "token-expired");
        assertThat(system.stateFile()).isEqualTo(state);
    }

    @Test
    void fileOfTheWrongKindIsRefused() {
        AgentRunner.Result connectionToSystem = system.runWithInput(grantflow.connection("SYS-1", "ACT-1", 3).sign(), "apply", "-");
        AgentRunner.Result notAToken = system.runWithInput("hello", "apply", "-");

        assertRefused(connectionToSystem, "token-wrong-type");
        assertRefused(notAToken, "token-malformed");
    }

    @Test
    void anyNewFileIsRefusedWhileTheClockReadsEarlierThanTheNewestTokenAccepted() {
        Instant issued = Instant.now();
        assertThat(system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 25).issuedAt(issued).sign(), "apply", "-").exit()).isZero();
        String state = system.stateFile();
        system.at(issued.minus(Duration.ofDays(3)).toString());
        // a file that was valid back then: only the clock check can catch it
        String old = grantflow.credits("SYS-1", "ASG-2", 10).issuedAt(issued.minus(Duration.ofDays(4))).ttl(Duration.ofDays(2)).sign();

        AgentRunner.Result apply = system.runWithInput(old, "apply", "-");
        AgentRunner.Result use = system.run("use", "--credits", "1", "--resource", "printer");

        assertRefused(apply, "clock-rollback");
        assertRefused(use, "clock-rollback");
        assertThat(system.stateFile()).isEqualTo(state);
        assertThat(system.run("status").out()).contains("clock: SET BACK");

        system.at(null);
        assertThat(system.run("status").out()).contains("(ok)");
        assertThat(system.runWithInput(grantflow.credits("SYS-1", "ASG-3", 5).sign(), "apply", "-").exit()).isZero();
    }

    @Test
    void olderConnectionTokenCannotBringBackSeats() {
        Instant now = Instant.now();
        String older = grantflow.connection("IN-1", "ACT-1", 10).issuedAt(now.minus(Duration.ofHours(2))).sign();
        String newer = grantflow.connection("IN-1", "ACT-1", 4).issuedAt(now.minus(Duration.ofHours(1))).sign();
        assertThat(installation.runWithInput(newer, "apply", "-").exit()).isZero();

        AgentRunner.Result apply = installation.runWithInput(older, "apply", "-");

        assertRefused(apply, "token-superseded");
        assertThat(installation.run("status").out()).contains("activation ACT-1: 4 seats");
    }

    @Test
    void useSpendsOnlyFreeCreditsAndReleaseFreesThem() {
        system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 10).sign(), "apply", "-");

        assertThat(system.run("use", "--credits", "6", "--resource", "printer-a").out()).contains("credits: 10 held, 6 in use, 4 free");
        assertRefused(system.run("use", "--credits", "5", "--resource", "printer-b"), "insufficient-credits");
        assertThat(system.run("release", "--resource", "printer-a").out()).contains("released 6 credits").contains("10 free");
        assertRefused(system.run("release", "--resource", "printer-a"), "unknown-resource");
    }

    @Test
    void revokeKeyIsRefusedWhileTheCreditsAreInUse() {
        system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 10).sign(), "apply", "-");
        system.run("use", "--credits", "3", "--resource", "printer");
        String state = system.stateFile();

        AgentRunner.Result revoke = system.run("revoke-key", "--assignment", "ASG-1");

        assertRefused(revoke, "credits-in-use");
        assertThat(system.stateFile()).isEqualTo(state);
    }

    @Test
    void revokeKeyIsAllowedWhenOtherCreditsCoverWhatIsInUse() {
        system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 10).sign(), "apply", "-");
        system.runWithInput(grantflow.credits("SYS-1", "ASG-2", 5).sign(), "apply", "-");
        system.run("use", "--credits", "4", "--resource", "printer");

        assertThat(system.run("revoke-key", "--assignment", "ASG-1").exit()).isZero();
        assertRefused(system.run("revoke-key", "--assignment", "ASG-2"), "credits-in-use");
        assertThat(system.run("status").out()).contains("credits: 5 held, 4 in use, 1 free");
    }

    @Test
    void revokeKeyRemovesTheCreditsAndProvesItWithTheFilesJti() throws Exception {
        String file = grantflow.credits("SYS-1", "ASG-1", 10).sign();
        system.runWithInput(file, "apply", "-");

        AgentRunner.Result revoke = system.run("revoke-key", "--assignment", "ASG-1");

        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        SignedJWT key = SignedJWT.parse(revoke.out().strip());
        assertThat(key.verify(new ECDSAVerifier(system.publicKey()))).isTrue();
        assertThat(key.getHeader().getType().getType()).isEqualTo("revoke+jwt");
        assertThat(key.getJWTClaimsSet().getSubject()).isEqualTo("ASG-1");
        assertThat(key.getJWTClaimsSet().getIssuer()).isEqualTo("SYS-1");
        assertThat(key.getJWTClaimsSet().getStringClaim("file_jti")).isEqualTo(SignedJWT.parse(file).getJWTClaimsSet().getJWTID());
        assertThat(system.run("status").out()).contains("credits: 0 held").contains("revoke-key ASG-1");
        assertThat(system.run("revoke-key", "--assignment", "ASG-1").out()).isEqualTo(revoke.out());
        assertRefused(system.run("revoke-key", "--assignment", "ASG-NONE"), "unknown-assignment");
    }

    @Test
    void disconnectProofDropsTheActivationAndNamesItsConnectionToken() throws Exception {
        String token = grantflow.connection("IN-1", "ACT-1", 10).sign();
        installation.runWithInput(token, "apply", "-");

        AgentRunner.Result proof = installation.run("disconnect-proof", "--activation", "ACT-1");

        assertThat(proof.exit()).as(proof.toString()).isZero();
        SignedJWT jwt = SignedJWT.parse(proof.out().strip());
        assertThat(jwt.verify(new ECDSAVerifier(installation.publicKey()))).isTrue();
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("disconnect+jwt");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("ACT-1");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("IN-1");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("connection_jti")).isEqualTo(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        assertThat(installation.run("status").out()).doesNotContain("activation ACT-1:");
        assertThat(installation.run("disconnect-proof", "--activation", "ACT-1").out()).isEqualTo(proof.out());
        // no connection token of the dropped activation brings its seats back
        assertRefused(installation.runWithInput(grantflow.connection("IN-1", "ACT-1", 10).sign(), "apply", "-"), "activation-dropped");
        assertRefused(installation.run("disconnect-proof", "--activation", "ACT-NONE"), "unknown-activation");
        assertRefused(system.run("disconnect-proof", "--activation", "ACT-1"), "not-an-installation");
    }

    @Test
    void leftoverOfAnInterruptedWriteIsIgnoredAndTheOldStateStays() throws Exception {
        system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 10).sign(), "apply", "-");
        String state = system.stateFile();
        // what a crash between writing the temporary file and moving it leaves behind
        Files.writeString(system.home().resolve(".state.json.crashed.tmp"), "{\"assignments\": {\"ASG-1\": {\"cred");

        assertThat(system.run("status").out()).contains("credits: 10 held");
        assertThat(system.stateFile()).isEqualTo(state);
        system.run("use", "--credits", "1", "--resource", "printer");
        try (var files = Files.list(system.home())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).containsExactly(".state.json.crashed.tmp");
        }
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() {
        AgentRunner.Result unknownOption = system.run("status", "--colour");
        AgentRunner.Result missing = system.run("use", "--resource", "printer");
        AgentRunner.Result help = system.run("apply", "--help");

        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("error: usage: ").hasLineCount(1);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--credits").hasLineCount(1);
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: agent apply");
    }

    @Test
    void trustRefusesAKeySetWithAPrivateKey() throws Exception {
        Path jwks = tmp.resolve("private.json");
        Files.writeString(jwks, "{\"keys\":[" + system.publicKey().toJSONString().replace("}", ",\"d\":\"" +
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}") + "]}");
        String trust = Files.readString(system.home().resolve("trust.json"));

        AgentRunner.Result result = system.run("trust", "--jwks", jwks.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: invalid-jwks: ");
        assertThat(Files.readString(system.home().resolve("trust.json"))).isEqualTo(trust);
    }

    private static void assertRefused(AgentRunner.Result result, String code) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).startsWith("error: " + code + ": ").hasLineCount(1);
    }

}
