package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.DeskBrowser;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The remote-activation journeys of the desk in Chromium, as operators do them with only a browser: Add new on the
 * license page (the installation's key chosen as its file) → the connection token downloaded and verified against
 * the JWKS → the receipt uploaded as a file → ACTIVE; an update with a reduction: the update token uploaded, seats
 * configured in Tasklist by one operator and confirmed by a second (the first is not offered it), the new token
 * downloaded and verified, the receipt uploaded → seats freed. Each refusal is seen on the page with its code and
 * changes nothing. The installation's side (its key pair, its signed tokens) is played here.
 */
@GrantflowTest
class DeskActivationJourneysBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    @Test
    void addNewOnTheLicensePageThenTokenDownloadedAndVerifiedThenReceiptUploadedMakesItActive() throws Exception {
        String license = fx.license(20);
        Act soon = fx.active(license, 2, fx.now().plus(Duration.ofDays(20)));
        EdgeKeyPair installation = EdgeKeyPair.create("PLANT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        String keyFile = new ObjectMapper().writeValueAsString(installation.publicJwk());
        try (DeskBrowser operator = DeskBrowser.start(port)) {
            try {
                operator.signIn("operator").open("/desk/licenses/" + license);
                assertThat(operator.text(By.id("activation-" + soon.id()))).contains(soon.key().id(), "ACTIVE", "⚠ Expires in");
                operator.assertAccessible();

                // more seats than the license has: refused on the page with its code, nothing added, nothing logged as an error
                ActivationFixture.LicenseSnapshot before = fx.snapshot(license);
                List<ILoggingEvent> logged = DeskBrowser.logsOf(() -> addNew(operator, installation.id(), keyFile, "21"));
                DeskBrowser.assertRefusedWith(operator.refusal(), "seats-exceed-license");
                assertThat(fx.snapshot(license)).as("a refusal adds nothing").isEqualTo(before);
                assertThat(logged).as("no error, no stack trace").noneMatch(e -> e.getThrowableProxy() != null);
                assertThat(operator.driver.findElement(By.id("installation-id")).getAttribute("value")).as("what was typed stays")
                        .isEqualTo(installation.id());
                operator.screenshot("journey-add-new-refused");

                addNew(operator, installation.id(), keyFile, "6");
                assertThat(operator.main()).contains("Added", installation.id(), "PENDING", license);
                String activationId = operator.text(By.xpath("//dt[.='Remote activation']/following-sibling::dd[1]"));
                operator.assertAccessible();

                Path tokenFile = operator.download(By.id("download-connection-token"));
                SignedJWT token = verifiedByGrantflow(Files.readString(tokenFile).strip());
                assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(activationId);
                assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(installation.id());
                assertThat(token.getJWTClaimsSet().getLongClaim("seats")).isEqualTo(6);

                // a receipt the installation did not sign: refused with its code, still PENDING
                EdgeKeyPair stranger = EdgeKeyPair.create(installation.id());
                String forged = receipt(installation, activationId, token).signedBy(stranger).sign();
                logged = DeskBrowser.logsOf(() -> uploadReceipt(operator, forged));
                DeskBrowser.assertRefusedWith(operator.refusal(), "token-invalid-signature");
                assertThat(logged).noneMatch(e -> e.getThrowableProxy() != null);
                assertThat(fx.activations.get(activationId).state()).isEqualTo(ActivationState.PENDING);
                assertThat(fx.activations.get(activationId).connectionTokenApplied()).isFalse();

                uploadReceipt(operator, receipt(installation, activationId, token).sign());
                assertThat(operator.main()).contains("Receipt accepted");
                fx.runJobs(fx.activations.get(activationId).processInstanceId());

                operator.follow(license);
                assertThat(operator.main()).contains("Remote activations", installation.id(), "ACTIVE");
                assertThat(operator.text(By.id("available"))).isEqualTo("12");
                assertThat(operator.text(By.id("activation-" + activationId))).contains(installation.id(), "ACTIVE", "6")
                        .doesNotContain("⚠");
                operator.screenshot("desk-license-activations");
                assertThat(fx.activations.get(activationId).state()).isEqualTo(ActivationState.ACTIVE);
                assertThat(fx.licenses.get(license).allocated()).isEqualTo(8);

                // on a phone: nothing wider than the screen but the table, which scrolls in its own box
                operator.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                operator.driver.navigate().refresh();
                assertThat((Boolean) operator.script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
                operator.screenshot("desk-license-phone");
            } catch (Exception | AssertionError e) {
                operator.keepEvidence("journey-add-new");
                throw e;
            }
        }
    }

    @Test
    void updateWithAReductionConfiguredInTasklistConfirmedByASecondOperatorThenTokenAndReceiptOnTheDeskFreeTheSeats() throws Exception {
        String license = fx.license(30);
        Act act = fx.active(license, 10);
        try (DeskBrowser operator = DeskBrowser.start(port); DeskBrowser operator2 = DeskBrowser.start(port)) {
            try {
                // the operator finds the installation from its license, and uploads the update token it shows
                operator.signIn("operator").open("/desk/licenses/" + license);
                operator.follow(act.key().id());
                assertThat(operator.main()).contains(act.id(), "ACTIVE", "Update");
                operator.press(By.id("update-activation"));
                assertThat(operator.main()).contains("Update Remote Activation");
                operator.upload(By.id("update-token-file"), "update.jwt", fx.updateToken(act).sign());
                operator.press(By.id("upload-update-token"));
                assertThat(operator.main()).contains("Update started", "Configure printer seats");
                operator.screenshot("desk-update-token");
                ActivationUpdate update = fx.updates.get(fx.activations.get(act.id()).pendingUpdateId());
                fx.runJobs(update.processInstanceId());

                // Tasklist: the operator configures fewer seats
                String configure = operator.openTask("Configure printer seats", act.id());
                operator.fillTaskField("Field_NewSeats", "4");
                operator.screenshot("journey-configure-reduction");
                operator.completeTask(configure);
                fx.runJobs(update.processInstanceId());
                String confirm = fx.task(update.processInstanceId(), ActivationProcesses.Update.CONFIRM_REDUCTION).getId();
                assertThat(operator.tasksNamed("Confirm seat reduction")).as("four-eyes: the configurer is not offered it")
                        .doesNotContain(confirm);

                // a second operator, in their own browser and login, confirms it
                operator2.signIn("operator2");
                assertThat(operator2.openTask("Confirm seat reduction", act.id())).isEqualTo(confirm);
                operator2.tickTaskField("Field_Approved");
                operator2.screenshot("journey-confirm-reduction");
                operator2.completeTask(confirm);
                fx.runJobs(update.processInstanceId());
                assertThat(fx.updates.get(update.id()).approvedBy()).isEqualTo("operator2");

                // the new token on the desk, reached from the license page
                operator2.open("/desk/licenses/" + license);
                assertThat(operator2.text(By.id("activation-" + act.id()))).contains("4");
                operator2.follow(act.key().id());
                assertThat(operator2.main()).contains("CONNECTION_TOKEN_READY", "Remote connection token");
                SignedJWT token = verifiedByGrantflow(Files.readString(operator2.download(By.id("download-connection-token"))).strip());
                assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(act.id());
                assertThat(token.getJWTClaimsSet().getLongClaim("seats")).isEqualTo(4);
                assertThat(token.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(update.updateJti());
                assertThat(fx.licenses.get(license).inFlight()).as("freed seats wait for the receipt").isEqualTo(6);

                uploadReceipt(operator2, receipt(act.key(), act.id(), token).sign());
                assertThat(operator2.main()).contains("Receipt accepted");
                fx.runJobs(update.processInstanceId());
                operator2.follow(license);
                assertThat(operator2.text(By.id("available"))).isEqualTo("26");
                assertThat(operator2.text(By.id("activation-" + act.id()))).contains("ACTIVE", "4");
                assertThat(fx.licenses.get(license).inFlight()).isZero();
                assertThat(fx.updates.get(update.id()).status()).isEqualTo(UpdateStatus.APPLIED);
            } catch (Exception | AssertionError e) {
                operator.keepEvidence("journey-update-operator");
                operator2.keepEvidence("journey-update-operator2");
                throw e;
            }
        }
    }

    private void addNew(DeskBrowser operator, String installationId, String keyFile, String seats) throws Exception {
        operator.type(By.id("installation-id"), installationId);
        operator.upload(By.id("key-file"), installationId + ".jwk.json", keyFile);
        operator.type(By.id("seats"), seats);
        // a date input takes what its picker gives; the picker is the browser's, not the page's
        operator.script("arguments[0].value = arguments[1];", operator.driver.findElement(By.id("expires-on")),
                LocalDate.ofInstant(fx.now(), ZoneOffset.UTC).plusDays(180).toString());
        operator.press(By.id("add-activation"));
    }

    private static void uploadReceipt(DeskBrowser operator, String receipt) throws Exception {
        operator.upload(By.id("receipt-file"), "receipt.jwt", receipt);
        operator.press(By.id("upload-receipt"));
    }

    private EdgeKeyPair.TokenBuilder receipt(EdgeKeyPair installation, String activationId, SignedJWT applied) throws Exception {
        return installation.token("receipt+jwt", activationId).issuedAt(fx.now()).ttl(Duration.ofMinutes(5))
                .claim("connection_jti", applied.getJWTClaimsSet().getJWTID());
    }

    private SignedJWT verifiedByGrantflow(String compact) throws Exception {
        SignedJWT token = SignedJWT.parse(compact);
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey())))
                .as("signed by a key of the JWKS").isTrue();
        return token;
    }
}
