package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.DeskBrowser;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An operator in Chromium: signs in to Tasklist once, opens the activation's desk page (no second password),
 * downloads the remote connection token as a file that verifies against the JWKS, sees a bad receipt refused with
 * its code on the page, and uploads the installation's receipt. Screenshots under target/screenshots.
 */
@GrantflowTest
class DeskBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    @Test
    void anOperatorHandsOverTheConnectionTokenAndTakesTheReceiptOnTheDesk() throws Exception {
        Act act = fx.add(fx.license(20), 6, fx.now().plus(Duration.ofDays(120)));
        try (DeskBrowser operator = DeskBrowser.start(port)) {
            try {
                operator.signIn("operator").open("/desk/activations/" + act.id());
                assertThat(operator.text(By.tagName("h1"))).contains("Remote activation");
                assertThat(operator.main()).contains(act.key().id(), act.licenseId(), "PENDING");
                operator.screenshot("desk-activation");

                Path file = operator.download(By.id("download-connection-token"));
                assertThat(file.getFileName()).hasToString(act.id() + ".connection.jwt");
                SignedJWT token = SignedJWT.parse(Files.readString(file).strip());
                JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
                assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey()))).isTrue();
                assertThat((Long) operator.script("return document.querySelector('img.qr').naturalWidth")).as("the QR code shows").isPositive();

                operator.type(By.id("receipt-text"), "not-a-receipt");
                operator.press(By.id("upload-receipt"));
                DeskBrowser.assertRefusedWith(operator.refusal(), "token-malformed");
                operator.screenshot("desk-receipt-refused");

                operator.type(By.id("receipt-text"), fx.receiptToken(act));
                operator.press(By.id("upload-receipt"));
                assertThat(operator.main()).contains("Receipt accepted");
                operator.screenshot("desk-receipt-accepted");
            } catch (Exception | AssertionError e) {
                operator.keepEvidence("desk");
                throw e;
            }
        }
        fx.runJobs(act.processInstanceId());
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }
}
