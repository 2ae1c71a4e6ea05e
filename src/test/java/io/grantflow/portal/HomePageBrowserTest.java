package io.grantflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.Licenses;
import io.grantflow.support.DeskBrowser;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ACME's admin in Chromium, signed out: a desk link leads to the sign-in page and, once signed in, to the page asked
 * for (not Tasklist); the home page shows what waits, in words, and its links lead to the desk's pages, at desktop and
 * phone widths. Screenshots under target/screenshots.
 */
@GrantflowTest
class HomePageBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Licenses licenses;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aSignedOutPersonSignsInOnThePageAskedForAndFindsTheirWayFromHome() throws Exception {
        String license = "LIC-HOME-" + UUID.randomUUID();
        tx.executeWithoutResult(t -> licenses.create(license, "ACME", 20, Instant.now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair installation = EdgeKeyPair.create("INST-HOME-" + UUID.randomUUID());
        String activation = Http.at(port).as("acme-admin").postJson("/api/v1/licenses/" + license + "/remote-activations", Map.of(
                "installationId", installation.id(), "installationKey", installation.publicJwk(), "seats", 4,
                "expiresAt", Instant.now().plus(Duration.ofDays(9)).truncatedTo(ChronoUnit.SECONDS).toString()))
                .json().path("activationId").asText();
        assertThat(activation).startsWith("RA-");

        try (DeskBrowser acme = DeskBrowser.start(port)) {
            try {
                String base = "http://127.0.0.1:" + port;
                acme.driver.get(base + "/desk/licenses/" + license);
                acme.wait.until(ExpectedConditions.urlContains("/sign-in"));
                assertThat(acme.text(By.tagName("h1"))).isEqualTo("Sign in");
                acme.assertAccessible();
                acme.screenshot("sign-in");
                acme.type(By.id("username"), "acme-admin");
                acme.type(By.id("password"), "acme-admin");
                acme.press(By.cssSelector("form button[type=submit]"));
                assertThat(acme.driver.getCurrentUrl()).as("back on the page asked for").isEqualTo(base + "/desk/licenses/" + license);
                assertThat(acme.main()).contains(license);

                acme.open("/");
                assertThat(acme.main()).contains("Signed in as acme-admin, of the account ACME Printing Ltd. (ACME)",
                        "Remote activation of " + installation.id(), "Expires in 8 days (on ", "): ask for an update.", license)
                        .doesNotContain("LIC-GLOBEX");
                acme.screenshot("home");
                acme.follow("Remote activation of " + installation.id());
                assertThat(acme.driver.getCurrentUrl()).endsWith("/desk/activations/" + activation);
                assertThat(acme.text(By.id("expiry-warning"))).startsWith("⚠ Expires in 8 days (on ").endsWith("): ask for an update.");

                acme.follow("Home");
                acme.follow(license);
                assertThat(acme.driver.getCurrentUrl()).endsWith("/desk/licenses/" + license);
                acme.follow("Home");
                acme.follow("All your systems");
                assertThat(acme.driver.getCurrentUrl()).endsWith("/desk/accounts/ACME/systems");

                // on a phone: nothing wider than the screen but the tables, which scroll in their own box
                acme.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                acme.open("/");
                assertThat((Boolean) acme.script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
                acme.screenshot("home-phone");
            } catch (Exception | AssertionError e) {
                acme.keepEvidence("home");
                throw e;
            }
        }
    }
}
