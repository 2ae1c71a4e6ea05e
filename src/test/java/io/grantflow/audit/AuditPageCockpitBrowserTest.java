package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.ledger.LedgerService;
import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

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
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    LedgerService ledger;
    @Autowired
    TransactionTemplate tx;

    @Test
    void anAuditorSignedInToCockpitSeesTheTimelineWithItsDiagram() throws Exception {
        if (repository.createProcessDefinitionQuery().processDefinitionKey("ledger-step-test").count() == 0) {
            repository.createDeployment().name("ledger-step-test").addClasspathResource("test-processes/ledger-step-test.bpmn").deploy();
        }
        String pool = "POOL-COCKPIT-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> ledger.openPool(pool, "SEATS", 100, "test"));
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "none"));
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());
        String holder = "HOLDER-" + pi.getId();
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
            wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-shown", pi.getId()));
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
