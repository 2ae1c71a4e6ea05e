package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Browser;
import io.grantflow.support.SingleSignOnContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An auditor signed in once through the identity provider (at Cockpit) opens the auditor page as the README names it:
 * its own script and stylesheet load with that session (never sent to the provider), so its buttons work, and the
 * diagram comes from the audit API.
 */
class AuditPageSingleSignOnBrowserTest extends SingleSignOnContext {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void afterSigningInAtCockpitTheAuditorPagesScriptLoadsAndItsButtonsWork() throws Exception {
        AuditedHolder.Walked walked = AuditedHolder.walk(context, "POOL-SSO-");
        String holder = walked.holder();
        String pool = walked.pool();
        String base = "http://127.0.0.1:" + port;
        PROVIDER.registerWebClient(base);

        ChromeDriver browser = Browser.start();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        try {
            browser.get(base + "/camunda/app/cockpit/" + ENGINE + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("audrey");
            browser.findElement(By.id("password")).sendKeys("audrey");
            browser.findElement(By.cssSelector("button[type='submit']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Process Definitions"));

            for (String path : List.of("/audit?kind=activation&id=", "/audit/?kind=activation&id=")) {
                browser.get(base + path + holder);
                wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-shown", walked.processInstanceId()));
                assertThat(browser.getCurrentUrl()).startsWith(base + "/audit/");
                assertThat(browser.findElements(By.cssSelector("#diagram svg [data-element-id='UserTask_Approve']"))).isNotEmpty();
                assertThat(browser.findElement(By.id("timeline")).getText()).contains("PROCESS_STARTED").contains(pool);

                // the page's own files, as the browser fetched them: from Grantflow with the session, not via the provider
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> fetched = (List<Map<String, Object>>) browser.executeScript(
                        "return performance.getEntriesByType('resource').map(e => ({url: e.name, status: e.responseStatus}));");
                assertThat(fetched).extracting(e -> e.get("url").toString()).contains(base + "/audit/audit.js", base + "/audit/audit.css");
                assertThat(fetched).filteredOn(e -> e.get("url").toString().startsWith(base + "/audit/")
                                || e.get("url").toString().startsWith(base + "/api/v1/audit/"))
                        .allSatisfy(e -> assertThat(((Number) e.get("status")).intValue()).as(e.get("url").toString()).isEqualTo(200));
                String script = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/audit/audit.js', {redirect: 'manual'}).then(r => r.status + ' ' + r.headers.get('content-type'))"
                        + ".then(done, e => done(String(e)));");
                assertThat(script).startsWith("200 ").contains("javascript");

                browser.findElement(By.id("verify")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verification"), "Ledger intact:"));
            }
            Browser.screenshot(browser, "audit-page-single-sign-on");
        } finally {
            Browser.screenshot(browser, "audit-page-single-sign-on-last");
            browser.manage().logs().get("browser").getAll().forEach(l -> System.out.println("browser: " + l.getMessage()));
            browser.quit();
        }
    }
}
