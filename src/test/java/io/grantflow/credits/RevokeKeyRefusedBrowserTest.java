package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Browser;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.TasklistPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * In Chromium, as an operator: "Enter revoke key" with a key for another credit file, Complete → Tasklist shows the
 * refusal in words with its code, and the task is still there, still the operator's; no credits move.
 */
@GrantflowTest
class RevokeKeyRefusedBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService tasks;
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
    void aBadRevokeKeyIsRefusedWhereTheOperatorClickedCompleteAndTheTaskStaysTheirs() throws IOException {
        CreditFixtures f = CreditFixtures.from(context);
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        String revokePi = f.tx.execute(s -> f.revocations.start(started.assignmentId(), "operator")).processInstanceId();
        CreditAssignment a = f.assignment(started.assignmentId());
        Task task = tasks.createTaskQuery().processInstanceId(revokePi).taskDefinitionKey(CreditRevokeProcess.USER_TASK_ENTER_KEY).singleResult();
        long available = f.available(sub);
        int ledgerRows = f.entries(sub).size();
        try {
            TasklistPage tasklist = TasklistPage.signIn(driver, port, "operator", "operator")
                    .openAndClaim(task.getId(), "Enter revoke key — Test system");
            tasklist.type("Field_RevokeKey", f.revokeKey(system, a).claim("file_jti", "another-file").sign()).complete();
            String shown = tasklist.notificationContaining("token-unknown-subject");
            Browser.screenshot(driver, "tasklist-revoke-key-refused");
            assertThat(shown).contains("The revoke key gives up another credit file than " + a.id() + "'s");
            assertThat(tasklist.claimed()).as("the task is still open and claimed on screen").isTrue();
        } catch (RuntimeException | AssertionError e) {
            Browser.screenshot(driver, "tasklist-revoke-key-refused-failure");
            Files.writeString(Path.of("target", "tasklist-revoke-key-refused-failure.html"), driver.getPageSource());
            throw e;
        }
        Task still = tasks.createTaskQuery().processInstanceId(revokePi).taskDefinitionKey(CreditRevokeProcess.USER_TASK_ENTER_KEY).singleResult();
        assertThat(still.getId()).isEqualTo(task.getId());
        assertThat(still.getAssignee()).isEqualTo("operator");
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKING);
        assertThat(f.available(sub)).isEqualTo(available);
        assertThat(f.entries(sub)).hasSize(ledgerRows);
    }
}
