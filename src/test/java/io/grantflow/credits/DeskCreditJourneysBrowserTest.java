package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.DeskBrowser;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The credit journeys of the desk in Chromium, as an operator does them with only a browser: link a HOME system with
 * its key file on the account's Systems page → Add, the Add Credits dialog's subscriptions (inactive ones not
 * selectable, a cancelled one with its warning) → Next → the credits → Add Credits → Download the credit file, which verifies against the JWKS → Revoke → paste the
 * revoke key the system signed → the credits are back on the subscription; and for a system that called in (the real
 * call-in endpoint, as the edge calls it) the assignment is Downloaded at once. Refusals (too many credits, a revoke
 * key the system did not sign) are seen on the page with their code and change nothing. The HOME system's side (its
 * key pair, its signatures, its call-in) is played here.
 */
@GrantflowTest
class DeskCreditJourneysBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Test
    void linkAHomeSystemAssignOfflineDownloadTheFileThenRevokeWithThePastedKeyAndTheCreditsComeBack() throws Exception {
        String active = f.subscription(40);
        Instant inAYear = f.clock.instant().plus(Duration.ofDays(365));
        String cancelled = f.subscription("ACME", SubscriptionState.CANCELLED, 20, inAYear);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 20, inAYear);
        ECKey key = HttpSystem.newKey();
        try (DeskBrowser operator = DeskBrowser.start(port)) {
            try {
                HttpSystem system = link(operator, key);
                assertThat(operator.main()).contains("Linked", "Offline", "No credits assigned yet");
                operator.assertAccessible();
                operator.press(By.id("add"));
                assertThat(operator.driver.findElement(By.id("sub-" + inactive)).isEnabled()).as("inactive: listed, not selectable").isFalse();
                assertThat(operator.driver.findElement(By.id("sub-" + active)).isEnabled()).isTrue();
                assertThat(operator.text(By.cssSelector("label[for='sub-" + cancelled + "']"))).contains("Annual (Cancelled)", "⚠ Cancelled:");
                operator.assertAccessible();
                operator.press(By.xpath("//a[normalize-space(.)='Cancel']"));

                // more credits than remain (another person took them while the dialog was open): refused in words with
                // its code, nothing assigned, nothing logged as an error
                String contested = f.subscription(20);
                chooseSubscription(operator, contested);
                f.assign(f.system("ACME"), contested, 15, null);
                int rows = f.assignmentRows();
                List<ILoggingEvent> logged = DeskBrowser.logsOf(() -> enterCredits(operator, "12"));
                DeskBrowser.assertRefusedWith(operator.refusal(), "insufficient-credits");
                assertThat(operator.refusal()).contains("The subscription has fewer credits than asked.");
                assertThat(logged).as("no error, no stack trace").noneMatch(e -> e.getThrowableProxy() != null);
                assertThat(f.available(contested)).isEqualTo(5);
                assertThat(f.assignmentRows()).isEqualTo(rows);
                operator.press(By.xpath("//a[normalize-space(.)='Cancel']"));

                addCredits(operator, active, "12");
                assertThat(operator.main()).contains("Added 12 credits from Annual (Active)");
                String assignmentId = added(operator);
                assertThat(operator.text(By.id("row-" + assignmentId))).contains("Assigned", "Off", "Not yet");
                operator.press(By.cssSelector("#row-" + assignmentId + " a"));
                assertThat(operator.main()).contains("Assigned", "Off: permanent");

                SignedJWT file = verifiedByGrantflow(Files.readString(operator.download(By.id("download-credit-file"))).strip());
                assertThat(file.getJWTClaimsSet().getSubject()).isEqualTo(system.id);
                assertThat(operator.main()).as("the page after the download is fresh").contains("Downloaded", "Credit file issued");
                assertThat(operator.text(By.id("downloaded"))).isEqualTo("✓ Yes");

                operator.press(By.id("back-to-system"));
                assertThat(operator.text(By.id("row-" + assignmentId))).contains("12", "Downloaded", "✓");
                assertThat(f.available(active)).isEqualTo(28);
                operator.screenshot("desk-system-credits");
                operator.press(By.cssSelector("#row-" + assignmentId + " a"));

                operator.press(By.id("revoke-credits"));
                assertThat(operator.main()).contains("Revoke started", "Revoking", "Paste the revoke key");
                operator.assertAccessible();

                // a revoke key the system did not sign: refused with its code, the credits stay in flight
                String forged = HttpSystem.sign(HttpSystem.named("stranger", HttpSystem.newKey()), system.id, assignmentId,
                        file.getJWTClaimsSet().getJWTID(), f.clock.instant());
                logged = DeskBrowser.logsOf(() -> enterRevokeKey(operator, forged));
                DeskBrowser.assertRefusedWith(operator.refusal(), "token-invalid-signature");
                assertThat(logged).noneMatch(e -> e.getThrowableProxy() != null);
                assertThat(f.assignment(assignmentId).state()).isEqualTo(AssignmentState.REVOKING);
                assertThat(f.available(active)).isEqualTo(28);
                operator.screenshot("desk-assignment-revoke");

                enterRevokeKey(operator, system.revokeKey(assignmentId, file.getJWTClaimsSet().getJWTID(), f.clock.instant()));
                assertThat(operator.main()).contains("the credits are back", "Revoked").doesNotContain("Download the credit file again");
                operator.press(By.id("back-to-system"));
                operator.press(By.id("add"));
                assertThat(operator.text(By.cssSelector("label[for='sub-" + active + "']"))).contains("40 of 40 credits remaining");
                assertThat(f.available(active)).isEqualTo(40);
                assertThat(f.chainIntact(active)).isTrue();
            } catch (Exception | AssertionError e) {
                operator.keepEvidence("journey-credits-offline");
                throw e;
            }
        }
    }

    @Test
    void aSystemThatCalledInGetsItsCreditsDownloadedAtOnce() throws Exception {
        String active = f.subscription(30);
        ECKey key = HttpSystem.newKey();
        try (DeskBrowser operator = DeskBrowser.start(port)) {
            try {
                HttpSystem system = link(operator, key);
                // the HOME system calls in, as the edge does: a callin+jwt signed with its key
                Http.Response callIn = system.callIn(Http.at(port), f.clock.instant());
                assertThat(callIn.status()).as(callIn.toString()).isEqualTo(200);
                operator.open("/desk/systems/" + system.id);
                assertThat(operator.text(By.id("online"))).contains("Online").doesNotContain("Offline");

                addCredits(operator, active, "5");
                assertThat(operator.main()).contains("Added 5 credits");
                String assignmentId = added(operator);
                assertThat(operator.text(By.id("row-" + assignmentId))).contains("5", "✓");
                operator.screenshot("desk-system-online");
                // on a phone: nothing wider than the screen but the table, which scrolls in its own box
                operator.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                operator.driver.navigate().refresh();
                assertThat((Boolean) operator.script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
                assertThat(f.assignment(assignmentId).downloaded()).isTrue();
                assertThat(f.available(active)).isEqualTo(25);
            } catch (Exception | AssertionError e) {
                operator.keepEvidence("journey-credits-online");
                throw e;
            }
        }
    }

    /** Links a HOME system on ACME's Systems page with its public key as a file; answers it under the id Grantflow gave. */
    private static HttpSystem link(DeskBrowser operator, ECKey key) throws Exception {
        String label = "Plant HOME " + UUID.randomUUID().toString().substring(0, 8);
        operator.signIn("operator").open("/desk/accounts/ACME/systems");
        operator.assertAccessible();
        operator.type(By.id("label"), label);
        operator.upload(By.id("system-key-file"), "home-system.jwk.json", key.toPublicJWK().toJSONString());
        operator.press(By.id("link-system"));
        assertThat(operator.driver.findElement(By.tagName("h1")).getText()).contains(label);
        return HttpSystem.named(operator.driver.getCurrentUrl().replaceAll(".*/desk/systems/", ""), key);
    }

    /** Add → the subscription → Next → the credits → Add Credits, from the system's page back to it. */
    private static void addCredits(DeskBrowser operator, String subscriptionId, String credits) {
        chooseSubscription(operator, subscriptionId);
        enterCredits(operator, credits);
    }

    private static void chooseSubscription(DeskBrowser operator, String subscriptionId) {
        operator.press(By.id("add"));
        operator.driver.findElement(By.id("sub-" + subscriptionId)).click();
        operator.press(By.id("next"));
    }

    private static void enterCredits(DeskBrowser operator, String credits) {
        operator.type(By.id("credits"), credits);
        operator.press(By.id("add-credits"));
    }

    /** The assignment Add Credits just made, as the system's page marks it. */
    private static String added(DeskBrowser operator) {
        return operator.driver.findElement(By.cssSelector("#credits tr.new")).getAttribute("id").replace("row-", "");
    }

    private static void enterRevokeKey(DeskBrowser operator, String key) {
        operator.type(By.id("revoke-key"), key);
        operator.press(By.id("enter-revoke-key"));
    }

    private SignedJWT verifiedByGrantflow(String compact) throws Exception {
        SignedJWT token = SignedJWT.parse(compact);
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey())))
                .as("signed by a key of the JWKS").isTrue();
        return token;
    }
}
