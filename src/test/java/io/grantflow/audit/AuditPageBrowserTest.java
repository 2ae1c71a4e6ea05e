package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.ledger.LedgerService;
import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
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

/** An auditor searches a holder, sees its timeline and the diagram with the path taken, and verifies the ledger. */
@GrantflowTest
class AuditPageBrowserTest {

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
    void auditorWhenSearchingAHolderThenSeesTimelineDiagramAndVerifiesLedger() throws Exception {
        if (repository.createProcessDefinitionQuery().processDefinitionKey("ledger-step-test").count() == 0) {
            repository.createDeployment().name("ledger-step-test").addClasspathResource("test-processes/ledger-step-test.bpmn").deploy();
        }
        String pool = "POOL-UI-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> ledger.openPool(pool, "SEATS", 100, "test"));
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "none"));
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());
        String holder = "HOLDER-" + pi.getId();

        ChromeDriver browser = Browser.start();
        try {
            // The page and its API are auditors only (HTTP Basic); the browser keeps the credentials for the page's calls.
            browser.get("http://auditor:auditor@127.0.0.1:" + port + "/audit/?kind=activation&id=" + holder);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-shown", pi.getId()));
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
