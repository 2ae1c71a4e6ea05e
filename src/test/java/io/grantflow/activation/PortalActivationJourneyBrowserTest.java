package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Loftware's journey in Chromium as ACME's admins walk it in the portal, clicking from the account page: Manage
 * Activations → Add new (the installation's key as its file) → its connection token and receipt → Update (the
 * installation's update token as its file) → Configure with a reduction (the warning appears as the number drops, and is
 * confirmed) → Save → a second admin approves it on their own Manage Activations → the new connection token downloaded
 * and verified against the JWKS → Disconnect, confirmed after reading what happens to the seats. The installation's side
 * (its key pair, its signed tokens) is played here; the flow's jobs are stepped by the test.
 */
@GrantflowTest
class PortalActivationJourneyBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    /** The whole walk at a desktop's width and at a phone's, where each screen fits. */
    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1400, 390})
    void acmeAdminAddsUpdatesWithAReductionApprovedByASecondAdminDownloadsTheTokenAndDisconnects(int width) throws Exception {
        String license = fx.license(30);
        EdgeKeyPair installation = EdgeKeyPair.create("PLANT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        try (DeskBrowser acme = DeskBrowser.start(port); DeskBrowser acme2 = DeskBrowser.start(port)) {
            try {
                acme.driver.manage().window().setSize(new Dimension(width, 900));
                acme2.driver.manage().window().setSize(new Dimension(width, 900));
                // from the home page, by clicking
                acme.signInAsCustomer("acme-admin").press(By.id("account-information"));
                assertThat(acme.main()).contains("Account information", "Remote Activations", license);
                acme.assertAccessible();
                acme.screen("portal-account", width);

                // Manage Activations → Add new
                acme.press(By.id("manage-activations"));
                assertThat(acme.main()).contains("Manage Activations");
                acme.press(By.id("add-new"));
                new Select(acme.driver.findElement(By.id("license"))).selectByValue(license);
                acme.type(By.id("installation-id"), installation.id());
                acme.upload(By.id("key-file"), installation.id() + ".jwk.json", new ObjectMapper().writeValueAsString(installation.publicJwk()));
                acme.type(By.id("seats"), "10");
                acme.script("arguments[0].value = arguments[1];", acme.driver.findElement(By.id("expires-on")),
                        LocalDate.ofInstant(fx.now(), ZoneOffset.UTC).plusDays(180).toString());
                acme.assertAccessible();
                acme.press(By.id("add-activation"));
                assertThat(acme.main()).contains("Added", installation.id(), "Waiting for the installation to apply its connection token");
                String activationId = acme.text(By.xpath("//dt[.='Remote activation']/following-sibling::dd[1]"));
                RemoteActivation added = fx.activations.get(activationId);
                Act act = new Act(activationId, license, added.processInstanceId(), installation);

                // the installation applies the first token and hands back its receipt
                SignedJWT first = verifiedByGrantflow(Files.readString(acme.download(By.id("download-connection-token"))).strip());
                acme.upload(By.id("receipt-file"), "receipt.jwt", receipt(installation, activationId, first));
                acme.press(By.id("upload-receipt"));
                assertThat(acme.main()).contains("Receipt accepted");
                fx.runJobs(act.processInstanceId());

                // Manage Activations → Update: the installation's update token as its file
                acme.press(By.id("nav-activations"));
                assertThat(acme.text(By.id("activation-" + activationId))).contains(installation.id(), "Active", "10");
                acme.screen("portal-manage-activations", width);
                acme.press(By.id("update-" + activationId));
                assertThat(acme.main()).contains("Update Remote Activation");
                acme.upload(By.id("update-token-file"), "update.jwt", fx.updateToken(act).sign());
                acme.screen("portal-update-token", width);
                acme.press(By.id("upload-update-token"));
                assertThat(acme.main()).contains("Update started", "Configure Remote Activation");
                ActivationUpdate update = fx.updates.get(fx.activations.get(activationId).pendingUpdateId());
                fx.runJobs(update.processInstanceId());
                acme.driver.navigate().refresh();
                assertThat(acme.text(By.id("current-seats"))).isEqualTo("10");
                assertThat(acme.text(By.id("available-seats"))).isEqualTo("20");

                // over the license: refused in place, in words, nothing changed
                acme.type(By.id("new-seats"), "31");
                acme.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("over-license")));
                acme.press(By.id("save"));
                assertThat(acme.refusal()).contains("21 more seats requested, the license has 20 available", "seats-exceed-license");
                assertThat(fx.updates.get(update.id()).requestedSeats()).isNull();

                // fewer seats: the warning appears as the number drops below the current one
                acme.type(By.id("new-seats"), "4");
                acme.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reduction-warning")));
                assertThat(acme.text(By.id("reduction-warning"))).contains("Fewer seats than the installation has now");
                assertThat(acme.driver.findElement(By.id("over-license")).isDisplayed()).isFalse();
                acme.screen("portal-configure-reduction", width);
                acme.driver.findElement(By.cssSelector("label[for='reduction-confirmed']")).click();
                acme.press(By.id("save"));
                assertThat(acme.main()).contains("Saved 4 seats", "second person");
                fx.runJobs(update.processInstanceId());
                acme.driver.navigate().refresh();
                assertThat(acme.text(By.id("update-status"))).contains("Waiting for a second person to approve the reduction");
                assertThat(acme.driver.findElements(By.id("approve-reduction"))).as("four-eyes: not offered to the configurer").isEmpty();

                // the second admin, in their own browser, finds it from the account page and approves it
                acme2.signInAsCustomer("acme-admin2").press(By.id("account-information"));
                assertThat(acme2.text(By.id("approvals-waiting"))).contains("your approval");
                acme2.press(By.id("manage-activations"));
                acme2.press(By.id("approve-" + activationId));
                assertThat(acme2.main()).contains("acme-admin reduces the installation from 10 to 4 seats");
                acme2.screen("portal-approve-reduction", width);
                acme2.press(By.id("approve-reduction"));
                assertThat(acme2.main()).contains("Reduction approved");
                fx.runJobs(update.processInstanceId());
                assertThat(fx.updates.get(update.id()).approvedBy()).isEqualTo("acme-admin2");

                // the Remote Connection Token section: downloaded and verified, and its QR code shown
                acme.driver.navigate().refresh();
                assertThat(acme.main()).contains("Remote Connection Token");
                SignedJWT token = verifiedByGrantflow(Files.readString(acme.download(By.id("download-connection-token"))).strip());
                assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(activationId);
                assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(installation.id());
                assertThat(token.getJWTClaimsSet().getLongClaim("seats")).isEqualTo(4);
                assertThat(token.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(update.updateJti());
                acme.driver.findElement(By.id("show-qr")).click();
                acme.wait.until(d -> Boolean.TRUE.equals(acme.script("var i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0;")));
                acme.screen("portal-connection-token", width);
                assertThat(fx.licenses.get(license).inFlight()).as("freed seats wait for the receipt").isEqualTo(6);

                // Disconnect: asked first, with what happens to the seats
                acme.press(By.id("nav-activations"));
                acme.press(By.id("disconnect-" + activationId));
                assertThat(acme.text(By.id("what-happens"))).contains("stay held until the installation's disconnect proof comes back");
                assertThat(fx.activations.get(activationId).state()).isEqualTo(ActivationState.ACTIVE);
                acme.screen("portal-disconnect", width);
                acme.press(By.id("confirm-disconnect"));
                assertThat(acme.main()).contains("Disconnect started", "Disconnected").doesNotContain("Download the remote connection token");
                assertThat(fx.activations.get(activationId).state()).isEqualTo(ActivationState.DISCONNECTED);

                // on a phone: nothing wider than the screen but the table, which scrolls in its own box
                acme.driver.manage().window().setSize(new Dimension(390, 844));
                acme.press(By.id("nav-activations"));
                assertThat((Boolean) acme.script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
                acme.screen("portal-manage-activations-phone", width);
                for (String path : new String[] {"/desk/accounts/ACME", "/desk/updates/" + update.id(),
                        "/desk/activations/" + activationId, "/desk/accounts/ACME/activations/new"}) {
                    acme.open(path);
                    assertThat((Boolean) acme.script("return document.documentElement.scrollWidth <= window.innerWidth")).as(path).isTrue();
                }
            } catch (Exception | AssertionError e) {
                acme.keepEvidence("portal-journey-acme-admin");
                acme2.keepEvidence("portal-journey-acme-admin2");
                throw e;
            }
        }
    }

    private String receipt(EdgeKeyPair installation, String activationId, SignedJWT applied) throws Exception {
        return installation.token("receipt+jwt", activationId).issuedAt(fx.now()).ttl(Duration.ofMinutes(5))
                .claim("connection_jti", applied.getJWTClaimsSet().getJWTID()).sign();
    }

    private SignedJWT verifiedByGrantflow(String compact) throws Exception {
        SignedJWT token = SignedJWT.parse(compact);
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey())))
                .as("signed by a key of the JWKS").isTrue();
        return token;
    }
}
