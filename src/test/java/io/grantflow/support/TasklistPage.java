package io.grantflow.support;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Camunda Tasklist as an operator works it in Chromium: sign in, open a task, claim it, fill its form, Complete. */
public final class TasklistPage {

    private final ChromeDriver driver;
    private final String base;
    private final FluentWait<WebDriver> wait;

    private TasklistPage(ChromeDriver driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port + "/camunda/app/tasklist/default/";
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class);
    }

    public static TasklistPage signIn(ChromeDriver driver, int port, String user, String password) {
        TasklistPage page = new TasklistPage(driver, port);
        driver.get(page.base);
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))).sendKeys(user);
        driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(password);
        driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        page.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasks], .tasks-list, [cam-tasklist-filters]")));
        return page;
    }

    /** Opens the task and claims it; {@code title} is text the task's page shows (its name). */
    public TasklistPage openAndClaim(String taskId, String title) {
        driver.get(base + "#/?task=" + taskId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), title));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));
        return this;
    }

    /**
     * Types into the form field of that id (Camunda Forms' ids end with the component's id). The form may render again
     * once the claim is through, dropping what was typed: typed again until the text has stayed over two of the wait's
     * polls.
     */
    public TasklistPage type(String fieldId, String text) {
        By field = By.cssSelector("[id$='" + fieldId + "']");
        boolean[] seenOnLastPoll = {false};
        wait.until(d -> {
            WebElement input = d.findElement(field);
            if (!input.isEnabled()) {
                seenOnLastPoll[0] = false;
                return false;
            }
            if (text.equals(input.getAttribute("value"))) {
                boolean stayed = seenOnLastPoll[0];
                seenOnLastPoll[0] = true;
                return stayed;
            }
            input.clear();
            input.sendKeys(text);
            seenOnLastPoll[0] = false;
            return false;
        });
        return this;
    }

    /** Clicks Complete as a person would: scrolled out from under Tasklist's footer. */
    public TasklistPage complete() {
        WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[@type='submit' and contains(normalize-space(.), 'Complete')]")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
        wait.until(ExpectedConditions.elementToBeClickable(complete)).click();
        return this;
    }

    /** The text of Tasklist's notifications once one contains {@code expected}. */
    public String notificationContaining(String expected) {
        By notifications = By.cssSelector(".notifications, [cam-notifications]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(notifications, expected));
        return driver.findElement(notifications).getText();
    }

    /** Whether the open task is claimed by the signed-in user (its Unclaim button is there). */
    public boolean claimed() {
        return !driver.findElements(By.cssSelector("button.unclaim")).isEmpty();
    }
}
