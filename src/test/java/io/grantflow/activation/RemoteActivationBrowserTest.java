package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser (Debian's Chromium, driven by Selenium): an operator configures printer seats in Tasklist, and
 * submits an update token on the mobile landing page. Skips only where Chromium is absent and CI is not "true";
 * under CI=true it must run.
 */
@GrantflowTest
class RemoteActivationBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ActivationFixture fx;

    WebDriver driver;
    Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        BpmnAwareTests.init(engine);
        if (!new File(CHROMIUM).exists() && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium chromium-driver); skipping the Tasklist browser test");
        }
        profile = Files.createTempDirectory("grantflow-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void operatorConfiguresPrinterSeatsInTasklistAndTheFlowMovesOn() throws IOException {
        Act act = fx.active(fx.license(30), 5);
        ActivationUpdates.Started update = fx.startUpdate(act);
        Task task = fx.task(update.processInstanceId(), "UserTask_ConfigureSeats");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        String tasklist = "http://127.0.0.1:" + port + "/camunda/app/tasklist/default/";

        try {
            driver.get(tasklist);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))).sendKeys("operator");
            driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys("operator");
            driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasks], .tasks-list, [cam-tasklist-filters]")));

            driver.get(tasklist + "#/?task=" + task.getId());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Configure printer seats"));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));

            WebElement seats = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[id$='Field_NewSeats']")));
            seats.clear();
            seats.sendKeys("9");
            screenshot("tasklist-configure-printer-seats.png");
            WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//button[@type='submit' and contains(normalize-space(.), 'Complete')]")));
            // a first attempt has no note: the box is hidden, not shown empty
            assertThat(driver.findElements(By.xpath("//label[contains(., 'Note from the last attempt')]"))
                    .stream().filter(WebElement::isDisplayed).toList()).isEmpty();
            // as a person would: scroll the button out from under Tasklist's footer, then click it
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
            wait.until(ExpectedConditions.elementToBeClickable(complete)).click();
            wait.until(d -> fx.tasks.createTaskQuery().taskId(task.getId()).count() == 0);
            screenshot("tasklist-after-complete.png");
        } catch (RuntimeException e) {
            screenshot("tasklist-failure.png");
            Files.writeString(Path.of("target", "tasklist-failure.html"), driver.getPageSource());
            throw e;
        }

        assertThat(fx.updates.get(update.updateId()).configuredBy()).isEqualTo("operator");
        ProcessInstance pi = fx.runtime.createProcessInstanceQuery().processInstanceId(update.processInstanceId()).singleResult();
        assertThat(pi).hasPassed("UserTask_ConfigureSeats");
        fx.runJobs(pi.getId());
        assertThat(pi).isWaitingAt("ReceiveTask_WaitForReceipt");
        assertThat(fx.activations.get(act.id()).seats()).isEqualTo(9);
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
    }

    @Test
    void mobileLandingPageShowsTheTokenAndSubmitsItWithAnOperatorsLogin() throws IOException {
        Act act = fx.active(fx.license(30), 5);
        String token = fx.updateToken(act).sign();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

        try {
            driver.get("http://127.0.0.1:" + port + "/m/update#token=" + token);
            wait.until(ExpectedConditions.textToBe(By.id("c-activation"), act.id()));
            assertThat(driver.findElement(By.id("c-seats")).getText()).isEqualTo("5");
            assertThat(driver.findElement(By.id("c-license")).getText()).isEqualTo(act.licenseId());

            // a stranger first (a failed login of "operator" would delay its next one: Camunda's login throttling)
            driver.findElement(By.id("user")).sendKeys("nobody");
            driver.findElement(By.id("password")).sendKeys("wrong");
            driver.findElement(By.id("submit")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "(401 unauthorized)"));
            assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();

            driver.findElement(By.id("user")).clear();
            driver.findElement(By.id("user")).sendKeys("operator");
            driver.findElement(By.id("password")).clear();
            driver.findElement(By.id("password")).sendKeys("operator");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("submit"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Accepted"));
            screenshot("mobile-update-accepted.png");
        } catch (RuntimeException e) {
            screenshot("mobile-update-failure.png");
            Files.writeString(Path.of("target", "mobile-update-failure.html"), driver.getPageSource());
            throw e;
        }

        String updateId = fx.activations.get(act.id()).pendingUpdateId();
        assertThat(updateId).isNotNull();
        assertThat(driver.findElement(By.id("result")).getText()).contains(updateId, "Configure Remote Activation");
        assertThat(driver.findElement(By.id("configure")).getAttribute("href")).endsWith("/desk/updates/" + updateId);
        assertThat(fx.updates.get(updateId).status()).isEqualTo(UpdateStatus.AWAITING_SEAT_CONFIGURATION);
    }

    @Test
    void mobileLandingPageWithoutATokenShowsNoEmptyClaimsOrForm() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://127.0.0.1:" + port + "/m/update");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "No update token"));
        assertThat(driver.findElement(By.id("claims")).isDisplayed()).as("claim labels").isFalse();
        assertThat(driver.findElement(By.id("form")).isDisplayed()).as("login form").isFalse();
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
