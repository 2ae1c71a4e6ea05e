package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
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

    ChromeDriver driver;
    Path downloads;

    @BeforeEach
    void startBrowser() throws Exception {
        driver = Browser.start();
        downloads = Files.createTempDirectory("grantflow-downloads");
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void anOperatorHandsOverTheConnectionTokenAndTakesTheReceiptOnTheDesk() throws Exception {
        Act act = fx.add(fx.license(20), 6, fx.now().plus(Duration.ofDays(120)));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + port;
        try {
            driver.get(base + "/camunda/app/tasklist/default/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))).sendKeys("operator");
            driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys("operator");
            driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasks], .tasks-list, [cam-tasklist-filters]")));

            driver.get(base + "/desk/activations/" + act.id());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Remote activation"));
            assertThat(driver.findElement(By.tagName("main")).getText()).contains(act.key().id(), act.licenseId(), "PENDING");
            Browser.screenshot(driver, "desk-activation");

            driver.findElement(By.id("download-connection-token")).click();
            Path file = downloads.resolve(act.id() + ".connection.jwt");
            wait.until(d -> Files.exists(file) && !Files.exists(downloads.resolve(act.id() + ".connection.jwt.crdownload")));
            SignedJWT token = SignedJWT.parse(Files.readString(file).strip());
            JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
            assertThat(token.verify(new ECDSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toECKey()))).isTrue();
            assertThat((Long) driver.executeScript("return document.querySelector('img.qr').naturalWidth")).as("the QR code shows").isPositive();

            driver.findElement(By.id("receipt-text")).sendKeys("not-a-receipt");
            driver.findElement(By.id("upload-receipt")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role='alert']")));
            assertThat(driver.findElement(By.cssSelector("[role='alert']")).getText()).contains("Refused", "token-malformed");
            Browser.screenshot(driver, "desk-receipt-refused");

            driver.findElement(By.id("receipt-text")).sendKeys(fx.receiptToken(act));
            driver.findElement(By.id("upload-receipt")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Receipt accepted"));
            Browser.screenshot(driver, "desk-receipt-accepted");
        } catch (RuntimeException | AssertionError e) {
            Browser.screenshot(driver, "desk-failure");
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "desk-failure.html"), driver.getPageSource());
            throw e;
        }
        fx.runJobs(act.processInstanceId());
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }
}
