package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.Browser;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.TasklistPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In Chromium, as an operator: "Configure printer seats" with more seats than the license has available, Complete →
 * Tasklist shows the refusal in words with its code, and the task is still there, still the operator's.
 */
@GrantflowTest
class ConfigureSeatsRefusedBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;
    ChromeDriver driver;

    @BeforeEach
    void start() throws IOException {
        driver = Browser.start();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void tooManySeatsAreRefusedWhereTheOperatorClickedCompleteAndTheTaskStaysTheirs() throws IOException {
        Act act = fx.active(fx.license(20), 10); // 10 seats available
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.runJobs(update.processInstanceId());
        Task task = fx.task(update.processInstanceId(), ActivationProcesses.Update.CONFIGURE_SEATS);
        ActivationFixture.Snapshot before = fx.snapshot(act);
        try {
            TasklistPage tasklist = TasklistPage.signIn(driver, port, "operator", "operator")
                    .openAndClaim(task.getId(), "Configure printer seats — " + fx.activations.get(act.id()).installationId());
            tasklist.type("Field_NewSeats", "25").complete();
            String shown = tasklist.notificationContaining("seats-exceed-license");
            Browser.screenshot(driver, "tasklist-seats-refused");
            assertThat(shown).contains("15 more seats requested, the license has 10 available");
            assertThat(tasklist.claimed()).as("the task is still open and claimed on screen").isTrue();
        } catch (RuntimeException | AssertionError e) {
            Browser.screenshot(driver, "tasklist-seats-refused-failure");
            Files.writeString(Path.of("target", "tasklist-seats-refused-failure.html"), driver.getPageSource());
            throw e;
        }
        Task still = fx.task(update.processInstanceId(), ActivationProcesses.Update.CONFIGURE_SEATS);
        assertThat(still.getId()).isEqualTo(task.getId());
        assertThat(still.getAssignee()).isEqualTo("operator");
        assertThat(fx.snapshot(act)).isEqualTo(before);
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.AWAITING_SEAT_CONFIGURATION);
        assertThat(fx.runtime.getVariable(update.processInstanceId(), "newSeats")).isNull();
    }
}
