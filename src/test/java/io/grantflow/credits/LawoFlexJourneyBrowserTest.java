package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.shared.HumanText;
import io.grantflow.support.DeskBrowser;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Lawo Flex's credits journey in Chromium as ACME's own admin, screen by screen and by clicking only: Systems (the
 * label, its online status beside it, no other account's systems) → the system's details → <em>Add</em> → the Add
 * Credits dialog's subscriptions (an inactive one listed but not selectable, a cancelled one with a yellow warning in
 * words) → <em>Next</em> → the credits remaining and the type, the number stepped up, <em>Auto Revoke</em> ticked
 * to reveal its date → <em>Add Credits</em> → back on the system with the new credits; then, on them, Download (the
 * system is offline) and Revoke with the revoke key the system signed, after which no file is offered again. The
 * dialog fits a phone's width.
 */
@GrantflowTest
class LawoFlexJourneyBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    /** The whole walk at a desktop's width and at a phone's, where each screen fits. */
    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1400, 390})
    void acmeAdminAddsCreditsThroughTheDialogDownloadsThemAndRevokesThemWithTheRevokeKey(int width) throws Exception {
        String active = f.subscription(40);
        Instant inAYear = f.clock.instant().plus(Duration.ofDays(365));
        String cancelled = f.subscription("ACME", SubscriptionState.CANCELLED, 20, inAYear);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 20, inAYear);
        String label = "Studio HOME " + UUID.randomUUID().toString().substring(0, 8);
        String globexLabel = "Globex HOME " + UUID.randomUUID().toString().substring(0, 8);
        EdgeKeyPair system = f.system("ACME", label);
        f.system("GLOBEX", globexLabel);
        try (DeskBrowser alice = DeskBrowser.start(port)) {
            try {
                alice.driver.manage().window().setSize(new Dimension(width, 900));
                // Systems: the label with its online status beside it, ACME's only
                // from the home page, by clicking
                alice.signInAsCustomer("acme-admin").follow("All your systems");
                WebElement row = alice.driver.findElement(By.xpath("//table[@id='systems']//tr[.//a[normalize-space(.)='" + label + "']]"));
                assertThat(row.getText()).contains("○ Offline").doesNotContain("OFFLINE");
                assertThat(alice.main()).doesNotContain(globexLabel);
                alice.screen("lawo-systems", width);

                // the system's details: "< Systems", no credits yet, Add
                alice.follow(label);
                assertThat(alice.text(By.tagName("h1"))).contains(label, "Offline");
                assertThat(alice.text(By.id("back-to-systems"))).isEqualTo("< Systems");
                assertThat(alice.main()).contains("No credits assigned yet");
                alice.press(By.id("add"));

                // Add Credits, step 1: the subscriptions as radio buttons
                assertThat(alice.main()).contains("Add Credits", "Step 1 of 2");
                assertThat(alice.driver.findElement(By.id("sub-" + inactive)).isEnabled()).as("inactive: listed, not selectable").isFalse();
                assertThat(alice.text(By.cssSelector("label[for='sub-" + inactive + "']"))).contains("Annual (Inactive)");
                assertThat(alice.driver.findElement(By.id("sub-" + active)).isEnabled()).isTrue();
                assertThat(alice.text(By.cssSelector("label[for='sub-" + active + "']"))).contains("Annual (Active)", "40 of 40 credits remaining");
                String cancelledLabel = alice.text(By.cssSelector("label[for='sub-" + cancelled + "']"));
                assertThat(cancelledLabel).contains("Annual (Cancelled)", "⚠ Cancelled: its credits stay usable until "
                        + HumanText.when(inAYear)).doesNotContain("subscription-cancelled", "CANCELLED");
                WebElement warning = alice.driver.findElement(By.id("warning-" + cancelled));
                assertThat(warning.getCssValue("background-color")).as("the warning is yellow").isEqualTo("rgba(255, 244, 194, 1)");
                alice.assertAccessible();
                alice.screen("lawo-add-credits-subscription", width);
                alice.driver.findElement(By.id("sub-" + active)).click();
                alice.press(By.id("next"));

                // step 2: the credits remaining and the type, the number with up/down, Auto Revoke as an option
                assertThat(alice.main()).contains("Step 2 of 2");
                assertThat(alice.text(By.id("chosen"))).isEqualTo("Annual (Active)");
                assertThat(alice.text(By.id("type"))).isEqualTo("Annual");
                assertThat(alice.text(By.id("remaining"))).isEqualTo("40 of 40");
                WebElement credits = alice.driver.findElement(By.id("credits"));
                assertThat(credits.getAttribute("type")).isEqualTo("number");
                assertThat(credits.getAttribute("min")).isEqualTo("1");
                assertThat(credits.getAttribute("max")).isEqualTo("40");
                credits.sendKeys(Keys.ARROW_UP);
                assertThat(credits.getAttribute("value")).as("the arrow steps the number up").isEqualTo("2");
                WebElement day = alice.driver.findElement(By.id("auto-revoke-on"));
                assertThat(day.isDisplayed()).as("Auto Revoke's date shows only once it is ticked").isFalse();
                alice.driver.findElement(By.id("auto-revoke")).click();
                assertThat(day.isDisplayed()).isTrue();
                alice.type(By.id("credits"), "12");
                LocalDate revokeOn = LocalDate.ofInstant(f.clock.instant(), ZoneOffset.UTC).plusDays(10);
                // typed digits land in a date field in the order of the browser's locale; the value is what a pick sets
                alice.script("arguments[0].value = arguments[1];", day, revokeOn.toString());
                alice.assertAccessible();
                alice.screen("lawo-add-credits-amount", width);
                alice.press(By.id("add-credits"));

                // back on the system's details, the new credits listed
                assertThat(alice.driver.getCurrentUrl()).endsWith("/desk/systems/" + system.id());
                String revokeDay = HumanText.day(revokeOn.atStartOfDay(ZoneOffset.UTC).toInstant());
                assertThat(alice.text(By.cssSelector("[role='status']"))).contains("Added 12 credits from Annual (Active) to " + label,
                        "revoked automatically on " + revokeDay);
                WebElement added = alice.driver.findElement(By.cssSelector("#credits tr.new"));
                assertThat(added.getText()).contains("Annual (Active)", "12", "Assigned", revokeDay, "Not yet");
                String assignmentId = added.getAttribute("id").replace("row-", "");
                assertThat(f.available(active)).isEqualTo(28);
                assertThat(f.assignment(assignmentId).autoRevokeAt()).isEqualTo(revokeOn.atStartOfDay(ZoneOffset.UTC).toInstant());
                alice.screen("lawo-system-credits", width);

                // Download (the system is offline): the file verifies against the JWKS
                alice.press(By.cssSelector("#row-" + assignmentId + " a"));
                assertThat(alice.main()).contains("The system is offline");
                SignedJWT file = verified(Files.readString(alice.download(By.id("download-credit-file"))).strip());
                assertThat(file.getJWTClaimsSet().getSubject()).isEqualTo(system.id());
                assertThat(alice.text(By.id("downloaded"))).isEqualTo("✓ Yes");

                // Revoke: the file was handed out, so the revoke key the system prints is pasted
                alice.press(By.id("revoke-credits"));
                assertThat(alice.main()).contains("Revoke started", "Revoking", "Paste the revoke key");
                alice.type(By.id("revoke-key"), f.revokeKey(system, f.assignment(assignmentId)).sign());
                alice.press(By.id("enter-revoke-key"));
                assertThat(alice.main()).contains("the credits are back", "Revoked", "The credit file is no longer handed out")
                        .doesNotContain("Download the credit file again", "REVOKED");
                assertThat(f.available(active)).isEqualTo(40);

                alice.press(By.id("back-to-system"));
                assertThat(alice.text(By.id("row-" + assignmentId))).contains("Revoked", "✓");
                alice.press(By.id("back-to-systems"));
                assertThat(alice.main()).contains(label);

                // the dialog on a phone: nothing wider than the screen
                alice.driver.manage().window().setSize(new Dimension(390, 844));
                alice.follow(label);
                alice.assertFitsTheScreen();
                alice.press(By.id("add"));
                alice.assertFitsTheScreen();
                alice.screen("lawo-add-credits-phone", width);
                alice.driver.findElement(By.id("sub-" + cancelled)).click();
                alice.press(By.id("next"));
                assertThat(alice.main()).contains("Annual (Cancelled)", "⚠ Cancelled: its credits stay usable until");
                alice.assertFitsTheScreen();
            } catch (Exception | AssertionError e) {
                alice.keepEvidence("journey-lawo-flex");
                throw e;
            }
        }
    }

    private SignedJWT verified(String compact) throws Exception {
        SignedJWT token = SignedJWT.parse(compact);
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey()))).isTrue();
        return token;
    }
}
