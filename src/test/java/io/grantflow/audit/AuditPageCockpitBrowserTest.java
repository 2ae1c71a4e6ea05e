package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An auditor signed in to Cockpit with the demo login (no credentials in any URL) opens the auditor page: the
 * timeline and the diagram of the flow come with that session alone, with no 401 anywhere (a Basic prompt) and the
 * diagram drawn.
 */
@GrantflowTest
class AuditPageCockpitBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void anAuditorSignedInToCockpitSeesTheTimelineWithItsDiagram() throws Exception {
        AuditedHolder.Walked walked = AuditedHolder.walk(context, "POOL-COCKPIT-");
        String holder = walked.holder();
        String pool = walked.pool();
        String base = "http://127.0.0.1:" + port;

        ChromeDriver browser = Browser.start();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        try {
            browser.get(base + "/camunda/app/cockpit/default/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))).sendKeys("auditor");
            browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys("auditor");
            browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Process Definitions"));

            browser.get(base + "/audit/?kind=activation&id=" + holder);
            wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-shown", walked.processInstanceId()));
            wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#timeline tbody tr"), 2));

            assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
            assertThat(browser.findElement(By.id("timeline")).getText()).contains("PROCESS_STARTED").contains(pool);
            // the diagram drawn: bpmn-js's SVG with the flow's shapes, the path taken marked
            assertThat(browser.findElements(By.cssSelector("#diagram svg [data-element-id='UserTask_Approve']"))).isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("#diagram [data-element-id='UserTask_Approve']")).getAttribute("class"))
                    .contains("passed");

            // what the page fetched, as the browser saw it: the diagram from the audit API, nothing refused for want of a login
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fetched = (List<Map<String, Object>>) browser.executeScript(
                    "return performance.getEntriesByType('resource').map(e => ({url: e.name, status: e.responseStatus}));");
            assertThat(fetched).extracting(e -> e.get("url").toString()).noneMatch(url -> url.contains("/engine-rest/"))
                    .anyMatch(url -> url.contains("/api/v1/audit/process-definitions/"));
            assertThat(fetched).allSatisfy(e -> assertThat(((Number) e.get("status")).intValue()).as(e.get("url").toString())
                    .isNotIn(401, 403));
            assertThat(fetched).filteredOn(e -> e.get("url").toString().contains("/api/v1/audit/"))
                    .allSatisfy(e -> assertThat(((Number) e.get("status")).intValue()).as(e.get("url").toString()).isEqualTo(200));

            browser.findElement(By.id("verify")).click();
            WebElement status = browser.findElement(By.id("verification"));
            wait.until(d -> status.getText().startsWith("Ledger"));
            assertThat(status.getText()).startsWith("Ledger intact");
            Browser.screenshot(browser, "audit-page-cockpit-session");
        } finally {
            Browser.screenshot(browser, "audit-page-cockpit-session-last");
            browser.manage().logs().get("browser").getAll().forEach(l -> System.out.println("browser: " + l.getMessage()));
            browser.quit();
        }
    }
}
