package io.grantflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An auditor opens Swagger UI, logs in with the Authorize button and runs "Try it out" on GET /api/v1/licenses/{id}. */
@GrantflowTest
class SwaggerUiBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void auditorWhenTryingAGetInSwaggerUiThenSeesTheLicense() throws Exception {
        ChromeDriver browser = Browser.start();
        try {
            // Swagger UI's page and assets are readers only (HTTP Basic, realm "grantflow"). The browser logs in once, as a
            // person does at its prompt, and keeps the login; a page URL with credentials in it would break Swagger UI's fetches.
            browser.get("http://auditor:auditor@127.0.0.1:" + port + "/swagger-ui/index.html");
            browser.get("http://127.0.0.1:" + port + "/swagger-ui/index.html");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            By licensePath = By.cssSelector(".opblock-get .opblock-summary-path[data-path='/api/v1/licenses/{id}']");
            wait.until(ExpectedConditions.presenceOfElementLocated(licensePath));
            assertThat(browser.findElements(By.cssSelector(".opblock"))).hasSizeGreaterThan(20);

            click(browser, browser.findElement(By.cssSelector("button.btn.authorize")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input[name='username']")));
            browser.findElement(By.cssSelector(".modal-ux input[name='username']")).sendKeys("auditor");
            browser.findElement(By.cssSelector(".modal-ux input[name='password']")).sendKeys("auditor");
            click(browser, browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper button[type='submit']")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux .btn-done")));
            click(browser, browser.findElement(By.cssSelector(".modal-ux .btn-done")));

            WebElement operation = browser.findElement(licensePath).findElement(By.xpath("ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' opblock ')][1]"));
            click(browser, operation.findElement(By.cssSelector(".opblock-summary-control")));
            wait.until(d -> !operation.findElements(By.cssSelector(".try-out__btn")).isEmpty());
            click(browser, operation.findElement(By.cssSelector(".try-out__btn")));
            WebElement id = wait.until(d -> operation.findElements(By.cssSelector(".parameters input[type='text']")).stream()
                    .findFirst().orElse(null));
            id.sendKeys("LIC-DEMO", Keys.TAB); // Swagger UI takes the value on blur (its input is debounced)
            click(browser, operation.findElement(By.cssSelector("button.execute")));

            wait.until(d -> !operation.findElements(By.cssSelector(".live-responses-table tbody .response-col_status")).isEmpty());
            String status = operation.findElement(By.cssSelector(".live-responses-table tbody .response-col_status")).getText();
            String body = operation.findElement(By.cssSelector(".live-responses-table tbody .response-col_description")).getText();
            Browser.screenshot(browser, "swagger-ui-try-it-out");
            assertThat(status).startsWith("200");
            assertThat(body).contains("LIC-DEMO").contains("available");
        } finally {
            Browser.screenshot(browser, "swagger-ui-last");
            browser.manage().logs().get("browser").getAll().forEach(l -> System.out.println("browser: " + l.getMessage()));
            browser.quit();
        }
    }

    private static void click(ChromeDriver browser, WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }
}
