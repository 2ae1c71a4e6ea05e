package io.grantflow.activation;

import static io.grantflow.support.WebappSession.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.QrImages;
import io.grantflow.support.WebappSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The desk's activation page in the operator's Tasklist login (no second password): the connection token as a file
 * and as a QR code, the receipt uploaded there, a refusal shown with its code, and the doors closed to a missing
 * login, a missing CSRF token and a role that may not hand out tokens.
 */
@GrantflowTest
class DeskActivationPageTest {


    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    Act added() {
        return fx.add(fx.license(20), 5, fx.now().plus(Duration.ofDays(100)));
    }


    @Test
    void withoutASessionTheDeskSendsThePersonToTheSignInPage() {
        Act act = added();
        for (Http http : new Http[] {Http.at(port).anonymous(), Http.at(port).as("operator")}) {
            Http.Response r = http.get("/desk/activations/" + act.id());
            assertThat(r.status()).as(r.toString()).isEqualTo(302);
            assertThat(r.raw().headers().firstValue("Location")).get().asString().endsWith("/sign-in");
        }
    }

    @Test
    void anOperatorDownloadsTheTokenAndItsQrCodeAndUploadsTheReceiptInTheTasklistSession() throws Exception {
        Act act = added();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/activations/" + act.id();

        Http.Response shown = operator.page(page);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.contentType()).startsWith("text/html");
        assertThat(shown.body()).contains(act.key().id(), act.licenseId(), "PENDING", "Download the remote connection token");

        Http.Response file = operator.page(page + "/connection-token");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("application/jwt");
        assertThat(file.raw().headers().firstValue("Content-Disposition")).get().asString().startsWith("attachment");
        SignedJWT token = SignedJWT.parse(file.body());
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey()))).isTrue();
        assertThat(token.getHeader().getType().getType()).isEqualTo("connection+jwt");

        Path png = Files.createTempFile("connection-token", ".png");
        Files.write(png, operator.bytes(page + "/connection-token.png"));
        assertThat(QrImages.read(png)).isEqualTo(file.body());

        Http.Response refused = operator.form(page + "/receipt", Map.of("_csrf", csrf(shown), "receipt", "not-a-receipt"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        Http.Response afterRefusal = operator.page(page);
        assertThat(afterRefusal.body()).contains("Refused", "token-malformed").doesNotContain("Receipt accepted");
        assertThat(fx.activations.get(act.id()).appliedConnectionJti()).as("a refused receipt changes nothing").isNull();

        Http.Response accepted = operator.form(page + "/receipt", Map.of("_csrf", csrf(afterRefusal), "receipt", fx.receiptToken(act)));
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(operator.page(page).body()).contains("Receipt accepted");
        fx.runJobs(act.processInstanceId());
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
        assertThat(operator.page(page).body()).contains("ACTIVE", "applied its newest connection token").doesNotContain("Upload the receipt");
    }

    @Test
    void anUpdateTokenStartsTheUpdateOnTheDeskAndABadOneIsShownWithItsCode() {
        Act act = fx.active(fx.license(20), 4);
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/activations/" + act.id();
        Http.Response shown = operator.page(page);
        assertThat(shown.body()).contains("ACTIVE", "Update", "Disconnect");
        Http.Response form = operator.page(page + "/update");
        assertThat(form.body()).contains("Update Remote Activation", "update-token-file");

        Http.Response refused = operator.form(page + "/updates", Map.of("_csrf", csrf(form), "updateToken", "not-a-token"));
        assertThat(refused.raw().headers().firstValue("Location")).get().asString().endsWith(page + "/update");
        assertThat(operator.page(page + "/update").body()).contains("Refused", "token-malformed");
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();

        Http.Response accepted = operator.form(page + "/updates", Map.of("_csrf", csrf(form), "updateToken", fx.updateToken(act).sign()));
        String updateId = fx.activations.get(act.id()).pendingUpdateId();
        assertThat(updateId).isNotNull();
        assertThat(accepted.raw().headers().firstValue("Location")).get().asString().endsWith("/desk/updates/" + updateId);
        assertThat(operator.page("/desk/updates/" + updateId).body()).contains("Update started", "Configure Remote Activation");
        assertThat(operator.page(page).body()).contains("Pending update").doesNotContain("id=\"update-activation\"");
    }

    @Test
    void anOperatorDisconnectsOnTheDesk() {
        Act act = fx.active(fx.license(20), 4);
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/activations/" + act.id();
        Http.Response r = operator.form(page + "/disconnect", Map.of("_csrf", csrf(operator.page(page + "/disconnect"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(operator.page(page).body()).contains("Disconnect started");
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.DISCONNECTED);
        assertThat(fx.licenses.get(act.licenseId()).allocated()).isZero();
        Http.Response after = operator.page(page);
        assertThat(after.body()).contains("DISCONNECTED").doesNotContain("disconnect-activation");
        // a second tab still showing the button: refused on the page, with the API's code
        operator.form(page + "/disconnect", Map.of("_csrf", csrf(operator.page("/desk/licenses/" + act.licenseId()))));
        assertThat(operator.page(page).body()).contains("Refused", "activation-not-active");
    }

    @Test
    void aDisconnectedActivationsPageOffersNoTokenAndTakesTheDisconnectProof() {
        Act act = fx.active(fx.license(20), 4);
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/activations/" + act.id();
        operator.form(page + "/disconnect", Map.of("_csrf", csrf(operator.page(page + "/disconnect"))));

        Http.Response shown = operator.page(page);
        assertThat(shown.body()).contains("DISCONNECTED", "stay in flight until the installation", "upload-disconnect-proof")
                .doesNotContain("Download the remote connection token");
        assertThat(operator.page(page + "/connection-token").status()).isEqualTo(409);
        assertThat(operator.page(page + "/connection-token.png").status()).isEqualTo(409);
        assertThat(fx.licenses.get(act.licenseId()).inFlight()).isEqualTo(4);

        operator.form(page + "/disconnect-proof", Map.of("_csrf", csrf(shown), "disconnectProof", "not-a-proof"));
        assertThat(operator.page(page).body()).contains("Refused", "token-malformed");
        assertThat(fx.licenses.get(act.licenseId()).inFlight()).as("a refused proof changes nothing").isEqualTo(4);

        operator.form(page + "/disconnect-proof", Map.of("_csrf", csrf(shown), "disconnectProof", fx.disconnectProofToken(act).sign()));
        Http.Response accepted = operator.page(page);
        assertThat(accepted.body()).contains("Disconnect proof accepted: 4 seats").doesNotContain("upload-disconnect-proof");
        assertThat(fx.licenses.get(act.licenseId()).inFlight()).isZero();
        assertThat(fx.licenses.get(act.licenseId()).available()).isEqualTo(20);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        Act act = added();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response r = operator.form("/desk/activations/" + act.id() + "/receipt", Map.of("receipt", fx.receiptToken(act)));
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(fx.activations.get(act.id()).appliedConnectionJti()).isNull();
    }

    @Test
    void anAuditorSignedInToTheWebappsMayNotHandOutTokens() {
        Act act = added();
        WebappSession auditor = WebappSession.login(port, "cockpit", "auditor", "auditor");
        Http.Response r = auditor.page("/desk/activations/" + act.id() + "/connection-token");
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
