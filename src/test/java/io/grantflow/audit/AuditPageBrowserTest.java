package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An auditor searches a holder, sees its timeline and the diagram with the path taken, and verifies the ledger. */
@GrantflowTest
class AuditPageBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void auditorWhenSearchingAHolderThenSeesTimelineDiagramAndVerifiesLedger() throws Exception {
        AuditedHolder.Walked walked = AuditedHolder.walk(context, "POOL-UI-");
        String holder = walked.holder();
        String pool = walked.pool();

        ChromeDriver browser = Browser.start();
        try {
            // The page and its API are auditors only (HTTP Basic); the browser keeps the credentials for the page's calls.
            browser.get("http://auditor:auditor@127.0.0.1:" + port + "/audit/?kind=activation&id=" + holder);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-shown", walked.processInstanceId()));
            wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#timeline tbody tr"), 2));

            String timeline = browser.findElement(By.id("timeline")).getText();
            assertThat(timeline).contains("ALLOCATE").contains("PROCESS_STARTED").contains("Approve").contains(pool);
            assertThat(browser.findElements(By.cssSelector("#diagram .djs-element.passed"))).isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("#diagram [data-element-id='UserTask_Approve']")).getAttribute("class"))
                    .contains("passed");

            browser.findElement(By.id("verify")).click();
            WebElement status = browser.findElement(By.id("verification"));
            wait.until(d -> status.getText().startsWith("Ledger"));
            assertThat(status.getText()).startsWith("Ledger intact");
            assertThat(browser.findElement(By.id("evidence")).getAttribute("href")).contains("/api/v1/audit/evidence/activation/" + holder);
            Browser.screenshot(browser, "audit-page");
        } finally {
            Browser.screenshot(browser, "audit-page-last");
            System.out.println("audit page error line: " + browser.findElements(By.id("error")).stream().map(WebElement::getText).toList());
            browser.manage().logs().get("browser").getAll().forEach(l -> System.out.println("browser: " + l.getMessage()));
            browser.quit();
        }
    }
}
