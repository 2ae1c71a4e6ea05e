package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.Browser;
import io.grantflow.support.Http;
import io.grantflow.support.SingleSignOnContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * People sign in with the company's OpenID Connect provider (a real one the test starts), once: an operator reaches
 * Tasklist, completes a task there, opens Cockpit and the desk with no second sign-in, and the engine records the
 * person; an auditor lands on the auditor page. The webapps' own password login is closed while single sign-on is on.
 */
class SingleSignOnBrowserTest extends SingleSignOnContext {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;
    @Autowired
    org.camunda.bpm.engine.IdentityService identity;

    ChromeDriver driver;
    String base;

    @BeforeEach
    void setUp() throws Exception {
        base = "http://127.0.0.1:" + port;
        PROVIDER.registerWebClient(base);
        driver = Browser.start();
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void anOperatorSignsInOnceAndWorksInTasklistCockpitAndTheDesk() throws Exception {
        Act act = fx.active(fx.license(30), 5);
        ActivationUpdates.Started update = fx.startUpdate(act);
        Task task = fx.task(update.processInstanceId(), "UserTask_ConfigureSeats");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        String tasklist = base + "/camunda/app/tasklist/" + ENGINE + "/";
        try {
            driver.get(tasklist);
            // the provider's sign-in page, not the webapps' password form
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("olivia");
            assertThat(driver.getCurrentUrl()).startsWith(PROVIDER.issuer());
            driver.findElement(By.id("password")).sendKeys("olivia");
            Browser.screenshot(driver, "sso-provider-sign-in");
            driver.findElement(By.cssSelector("button[type='submit']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasks], .tasks-list, [cam-tasklist-filters]")));
            assertThat(driver.getCurrentUrl()).startsWith(tasklist);

            driver.get(tasklist + "#/?task=" + task.getId());
            try {
                new WebDriverWait(driver, Duration.ofSeconds(20))
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Configure printer seats"));
            } catch (org.openqa.selenium.TimeoutException stillLoading) {
                // Tasklist once stayed on its loading spinner after this navigation on a loaded machine: reload it once,
                // keeping the picture of what was seen
                Browser.screenshot(driver, "sso-tasklist-still-loading");
                driver.navigate().refresh();
            }
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Configure printer seats"));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));
            WebElement seats = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[id$='Field_NewSeats']")));
            seats.clear();
            seats.sendKeys("9");
            WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//button[@type='submit' and contains(normalize-space(.), 'Complete')]")));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
            wait.until(ExpectedConditions.elementToBeClickable(complete)).click();
            wait.until(d -> fx.tasks.createTaskQuery().taskId(task.getId()).count() == 0);
            Browser.screenshot(driver, "sso-tasklist-completed");

            driver.get(base + "/camunda/app/cockpit/" + ENGINE + "/");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Process Definitions"));
            assertThat(driver.getCurrentUrl()).startsWith(base + "/camunda/app/cockpit/");
            assertThat(driver.findElements(By.cssSelector("input[ng-model='username']"))).as("no password form").isEmpty();

            driver.get(base + "/desk/activations/" + act.id());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Remote activation"));
            assertThat(driver.findElement(By.tagName("main")).getText()).contains(act.id());
            Browser.screenshot(driver, "sso-desk");
        } catch (RuntimeException | AssertionError e) {
            Browser.screenshot(driver, "sso-failure");
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "sso-failure.html"), driver.getPageSource());
            throw e;
        }
        // the person as the provider knows them (issuer and sub), shown by the name it gives: the engine's user, the
        // configurer of record, a member of operators
        org.camunda.bpm.engine.identity.User olivia = identity.createUserQuery().userFirstName("olivia").singleResult();
        assertThat(olivia.getId()).matches("sso-[0-9a-f]{32}");
        assertThat(fx.updates.get(update.updateId()).configuredBy()).isEqualTo(olivia.getId());
        assertThat(identity.createUserQuery().userId(olivia.getId()).memberOfGroup("operators").count())
                .isEqualTo(1);
    }

    @Test
    void anAuditorLandsOnTheAuditorPageAfterSigningIn() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(base + "/audit/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("audrey");
        driver.findElement(By.id("password")).sendKeys("audrey");
        driver.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "audit"));
        assertThat(driver.getCurrentUrl()).startsWith(base + "/audit/");
        // the page reads the audit API with the same session
        String verify = (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/audit/ledger/verify').then(r => r.status + ' ' + r.headers.get('content-type')).then(done, e => done(String(e)));");
        assertThat(verify).startsWith("200 application/json");
        // the page's own script and the API it reads, loaded in parallel with the session, again and again
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                driver.navigate().refresh();
            }
            wait.until(ExpectedConditions.elementToBeClickable(By.id("verify"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verification"), "Ledger intact:"));
            assertThat(driver.getCurrentUrl()).startsWith(base + "/audit/");
        }
    }

    @Test
    void theWebappsPasswordLoginIsClosedWhileSingleSignOnIsOn() {
        Http.Response r = Http.at(port).anonymous().post("/camunda/api/admin/auth/user/" + ENGINE + "/login/tasklist",
                "application/x-www-form-urlencoded", "username=operator&password=operator");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("password-login-closed");
    }
}
