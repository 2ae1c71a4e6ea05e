package io.grantflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One operator's Chromium for the desk journeys: signs in to Tasklist, opens a task by its name, downloads and
 * uploads files as a person does (a file input, the browser's download folder), and keeps screenshots. Each
 * operator has their own, so a second operator is a second browser with its own session.
 */
public final class DeskBrowser implements AutoCloseable {

    public final ChromeDriver driver;
    public final WebDriverWait wait;
    /** Waits across a page change, where the driver may answer about the document that is going away. */
    private final WebDriverWait navigation;
    private final String base;
    private final Path files;

    private DeskBrowser(ChromeDriver driver, int port) throws IOException {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        this.navigation = new WebDriverWait(driver, Duration.ofSeconds(60));
        navigation.ignoring(WebDriverException.class);
        this.base = "http://127.0.0.1:" + port;
        this.files = Files.createTempDirectory("grantflow-desk-files");
    }

    public static DeskBrowser start(int port) throws IOException {
        return new DeskBrowser(Browser.start(), port);
    }

    /** Tasklist's own sign-in; the desk uses the same login. */
    public DeskBrowser signIn(String user) {
        driver.get(base + "/camunda/app/tasklist/default/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']"))).sendKeys(user);
        driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(user);
        driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        // signed in once the login form is gone and the task list is there (not before: a page opened earlier aborts the login)
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasks] .tasks-list, [cam-tasks]")));
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("All tasks"));
        return this;
    }

    /** Nothing on the page is wider than the screen (a wide table scrolls inside its own box). */
    public void assertFitsTheScreen() {
        assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("the page fits the screen's width: " + driver.getCurrentUrl()).isTrue();
    }

    /**
     * A customer's sign-in as a person meets it: {@code /} signed out leads to Grantflow's sign-in page, and signing in leads
     * back to the home page (Tasklist is the vendor's); the desk and the webapps share the session it makes.
     */
    public DeskBrowser signInAsCustomer(String user) {
        driver.get(base + "/");
        wait.until(ExpectedConditions.urlContains("/sign-in"));
        type(By.id("username"), user);
        type(By.id("password"), user);
        press(By.cssSelector("form button[type=submit]"));
        assertThat(driver.getCurrentUrl()).as("signed in, on the home page").isEqualTo(base + "/");
        return this;
    }

    public DeskBrowser open(String path) {
        driver.get(base + path);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
        assertThat(driver.getCurrentUrl()).as("the desk, not a sign-in").contains(path);
        return this;
    }

    /** Follows a link on the page by (part of) its text, as a person clicks it, and waits for the page it leads to. */
    public DeskBrowser follow(String linkText) {
        toNextPage(() -> click(wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(linkText)))));
        return this;
    }

    /** The ids of the tasks Tasklist lists under names starting with {@code prefix}, newest first. */
    public List<String> tasksNamed(String prefix) {
        driver.get(base + "/camunda/app/tasklist/default/");
        // the list, or Tasklist's word that the filter has none
        wait.until(d -> !d.findElements(By.cssSelector("[cam-tasks] .tasks-list .task")).isEmpty()
                || d.findElement(By.tagName("body")).getText().contains("No task matching filters found"));
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !taskLinks(prefix).isEmpty());
        } catch (org.openqa.selenium.TimeoutException none) {
            return List.of();
        }
        return taskLinks(prefix).stream().map(a -> a.getAttribute("href").replaceAll(".*[?&]task=([^&]+).*", "$1")).toList();
    }

    private List<WebElement> taskLinks(String prefix) {
        return driver.findElements(By.cssSelector("[cam-tasks] .tasks-list .task a[href*='task=']")).stream()
                .filter(a -> a.getText().strip().startsWith(prefix)).toList();
    }

    /**
     * Opens, from Tasklist's list, the task named {@code prefix…} whose form shows {@code showing} (the activation
     * or assignment it is about), claims it, and answers its id.
     */
    public String openTask(String prefix, String showing) {
        for (String id : tasksNamed(prefix)) {
            click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[cam-tasks] .tasks-list .task a[href*='task=" + id + "']"))));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.claim, button.unclaim")));
            wait.until(d -> !d.findElements(By.cssSelector("[cam-tasklist-form] input, [cam-tasklist-form] textarea")).isEmpty());
            if (formShows(showing)) {
                if (!driver.findElements(By.cssSelector("button.claim")).isEmpty()) {
                    click(driver.findElement(By.cssSelector("button.claim")));
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));
                }
                return id;
            }
        }
        throw new AssertionError("Tasklist lists no task \"" + prefix + "…\" about " + showing);
    }

    /** The open task's form shows {@code text}, as words or as a (read-only) field's value. */
    private boolean formShows(String text) {
        return Boolean.TRUE.equals(script("var f = document.querySelector('[cam-tasklist-form]'), t = arguments[0];"
                + " return !!f && (f.innerText.indexOf(t) >= 0 || Array.from(f.querySelectorAll('input, textarea'))"
                + ".some(function (e) { return (e.value || '').indexOf(t) >= 0; }));", text));
    }

    /** Types into a field of the open task's form, found by the end of its id (Camunda Forms: {@code …Field_NewSeats}). */
    public void fillTaskField(String idSuffix, String value) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[id$='" + idSuffix + "']")));
        field.clear();
        field.sendKeys(value);
    }

    public void tickTaskField(String idSuffix) {
        WebElement box = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[id$='" + idSuffix + "']")));
        if (!box.isSelected()) {
            click(box);
        }
    }

    /** Completes the open task and waits until Tasklist has taken it off the list. */
    public void completeTask(String taskId) {
        click(wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[@type='submit' and contains(normalize-space(.), 'Complete')]"))));
        wait.until(d -> d.findElements(By.cssSelector("[cam-tasks] .tasks-list .task a[href*='task=" + taskId + "']")).isEmpty());
    }

    /** Clicks what starts a download and answers the file once the browser has written it (a fresh folder each time). */
    public Path download(By trigger) throws IOException {
        Path folder = Files.createTempDirectory(files, "download");
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", folder.toString()));
        click(wait.until(ExpectedConditions.elementToBeClickable(trigger)));
        try {
            wait.until(d -> finished(folder) != null);
        } catch (org.openqa.selenium.TimeoutException stalled) {
            // what the folder holds tells a download that never started from one left unfinished (.crdownload)
            try (Stream<Path> in = Files.list(folder)) {
                throw new AssertionError("no finished download from " + trigger + " on " + driver.getCurrentUrl()
                        + "; the download folder holds " + in.map(f -> f.getFileName() + " (" + f.toFile().length() + " bytes)").toList(), stalled);
            }
        }
        return finished(folder);
    }

    private static Path finished(Path folder) {
        try (Stream<Path> in = Files.list(folder)) {
            List<Path> all = in.toList();
            return all.size() == 1 && !all.get(0).toString().endsWith(".crdownload") && Files.size(all.get(0)) > 0 ? all.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Chooses a file (written here under {@code name}) in a file input, as a person picks it from disk. */
    public void upload(By fileInput, String name, String content) throws IOException {
        Path file = Files.createTempDirectory(files, "upload").resolve(name);
        Files.writeString(file, content);
        driver.findElement(fileInput).sendKeys(file.toAbsolutePath().toString());
    }

    public void type(By field, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(field));
        e.clear();
        e.sendKeys(text);
    }

    /** Presses a button and waits for the page it leads to (post, redirect, get). */
    public void press(By button) {
        toNextPage(() -> click(wait.until(ExpectedConditions.elementToBeClickable(button))));
    }

    /**
     * Does what leaves the page and waits until the next one has loaded with its {@code main}. The old page is marked on
     * its window object, which a new document does not have: asking an old element whether it went stale races with the
     * navigation in chromedriver ("Node with given id does not belong to the document" instead of a stale element), and
     * looking for {@code main} alone finds the old page's.
     */
    private void toNextPage(Runnable leave) {
        script("window.grantflowPageBefore = true;");
        leave.run();
        navigation.until(d -> Boolean.TRUE.equals(script(
                "return !window.grantflowPageBefore && document.readyState === 'complete' && !!document.querySelector('main');")));
    }

    /** Every field of the page has a label a screen reader reads, and every action is a real button or link. */
    public void assertAccessible() {
        assertThat((List<?>) script("return Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))"
                + ".filter(function (e) { return !e.labels || e.labels.length === 0; }).map(function (e) { return e.id || e.name; });"))
                .as("fields without a label on " + driver.getCurrentUrl()).isEmpty();
        assertThat((List<?>) script("return Array.from(document.querySelectorAll('[onclick], [role=button]:not(button)'))"
                + ".map(function (e) { return e.outerHTML; });")).as("clickable things that are not buttons").isEmpty();
    }

    /** The refusal the page shows, or fails. */
    public String refusal() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role='alert']"))).getText();
    }

    public String main() {
        return driver.findElement(By.tagName("main")).getText();
    }

    public String text(By element) {
        return driver.findElement(element).getText();
    }

    public void screenshot(String name) throws IOException {
        Browser.screenshot(driver, name);
    }

    /** The screen as the person sees it, kept by name; on a phone's width, it must fit the screen. */
    public void screen(String name, int width) throws IOException {
        screenshot(width < PHONE ? name + "-phone" : name);
        if (width < PHONE) {
            assertFitsTheScreen();
        }
    }

    /** Narrower than this, a window is a phone's. */
    public static final int PHONE = 600;

    /** What a failing journey leaves for people: the screen and the page's source. */
    public void keepEvidence(String name) {
        try {
            Browser.screenshot(driver, name + "-failure");
            Files.writeString(Path.of("target", "screenshots", name + "-failure.html"), driver.getPageSource());
        } catch (IOException | RuntimeException ignored) {
            // the test's own failure is what matters
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Scrolls the element out from under fixed headers and footers (Tasklist's), then clicks it. */
    private void click(WebElement e) {
        script("arguments[0].scrollIntoView({block: 'center'});", e);
        wait.until(ExpectedConditions.elementToBeClickable(e)).click();
    }

    /** A browser step that may throw, as a person's action in a test is. */
    public interface Step {
        void run() throws Exception;
    }

    /** What the application logged (WARN and above) while {@code step} ran: a refusal must leave no stack trace. */
    public static List<ch.qos.logback.classic.spi.ILoggingEvent> logsOf(Step step) {
        return Logs.warningsDuring(() -> {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    public static void assertRefusedWith(String shown, String code) {
        assertThat(shown).contains("Refused", code);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
