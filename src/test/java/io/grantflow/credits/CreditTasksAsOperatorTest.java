package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The two user tasks as Tasklist works them: an operator of group operators, with the engine's authorizations on,
 * sees the task and completes it; the steps after it run as that operator.
 */
@GrantflowTest
class CreditTasksAsOperatorTest {

    @Autowired IdentityService identity;
    @Autowired TaskService tasks;
    @Autowired ManagementService management;
    @Autowired ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @AfterEach
    void signOut() {
        identity.clearAuthentication();
    }

    private Task asOperator(String processInstanceId, String taskKey) {
        identity.setAuthentication("operator", List.of("operators"));
        Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).singleResult();
        assertThat(task).as("operators see " + taskKey).isNotNull();
        return task;
    }

    @Test
    void deliverCreditFileWhenAnOperatorCompletesItInTasklistThenTheFileIsIssued() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);

        Task task = asOperator(started.processInstanceId(), CreditAssignmentProcess.USER_TASK_DELIVER);
        assertThat(tasks.getVariables(task.getId())).containsEntry("assignmentId", started.assignmentId())
                .containsEntry("systemId", system.id()).containsEntry("credits", 10L);
        tasks.claim(task.getId(), "operator");
        tasks.complete(task.getId());
        identity.clearAuthentication();
        management.createJobQuery().processInstanceId(started.processInstanceId()).list().forEach(j -> management.executeJob(j.getId()));

        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.DOWNLOADED);
        assertThat(f.assignments.creditFile(started.assignmentId())).isNotBlank();
    }

    @Test
    void enterRevokeKeyWhenAnOperatorPastesKeysInTasklistThenABadOneComesBackAndAGoodOneReturnsTheCredits() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        String revokePi = f.tx.execute(s -> f.revocations.start(started.assignmentId(), "operator")).processInstanceId();
        CreditAssignment a = f.assignment(started.assignmentId());

        Task task = asOperator(revokePi, CreditRevokeProcess.USER_TASK_ENTER_KEY);
        tasks.claim(task.getId(), "operator");
        tasks.complete(task.getId(), Map.of("revokeKey", f.revokeKey(system, a).claim("file_jti", "wrong").sign()));
        Task again = asOperator(revokePi, CreditRevokeProcess.USER_TASK_ENTER_KEY);
        assertThat((String) tasks.getVariable(again.getId(), "revokeKeyRefusal")).startsWith("token-unknown-subject:");
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKING);

        tasks.claim(again.getId(), "operator");
        tasks.complete(again.getId(), Map.of("revokeKey", f.revokeKey(system, a).sign()));
        identity.clearAuthentication();

        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.lastEntry(sub).actor()).isEqualTo("operator");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }
}
