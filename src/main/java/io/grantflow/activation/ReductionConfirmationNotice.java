package io.grantflow.activation;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the desk says about a seat reduction that waits for its second person. The engine hides "Confirm seat reduction"
 * from the one who configured it (four-eyes, {@link FourEyesTasklist}), so Tasklist can only tell them "No matching
 * task"; the desk says why instead, and gives the task's link only to those who may confirm it.
 */
@Component
class ReductionConfirmationNotice {

    private final TaskService tasks;
    private final String tasklist;

    ReductionConfirmationNotice(TaskService tasks, @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath,
            @Value("${camunda.bpm.process-engine-name:default}") String engine) {
        this.tasks = tasks;
        this.tasklist = webappPath + "/app/tasklist/" + engine + "/";
    }

    /**
     * @param configuredBy who configured the reduction
     * @param byViewer     whether the person looking is that one: they must wait for someone else
     * @param taskLink     the confirmation task in Tasklist, for anyone else (null for the configurer, or before the task exists)
     */
    record Notice(String configuredBy, long currentSeats, long requestedSeats, boolean byViewer, @Nullable String taskLink) {
    }

    /** The notice for a pending update, or null when it does not wait for a confirmation. */
    @Nullable
    Notice of(@Nullable ActivationUpdate update, @Nullable String viewer) {
        if (update == null || update.status() != UpdateStatus.AWAITING_REDUCTION_APPROVAL || update.configuredBy() == null) {
            return null;
        }
        boolean byViewer = update.configuredBy().equals(viewer);
        String link = null;
        if (!byViewer && update.processInstanceId() != null) {
            Task task = tasks.createTaskQuery().processInstanceId(update.processInstanceId())
                    .taskDefinitionKey(ActivationProcesses.Update.CONFIRM_REDUCTION).singleResult();
            link = task == null ? null : tasklist + "#/?task=" + task.getId();
        }
        return new Notice(update.configuredBy(), update.currentSeats(), update.requestedSeats() == null ? 0 : update.requestedSeats(),
                byViewer, link);
    }
}
