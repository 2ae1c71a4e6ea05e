package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.HistoryCleanup;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * {@link EngineHistoryWrites}: a flow's end stamps no removal time on its history rows (one UPDATE per history table
 * saved), and the engine's history cleanup still removes an ended flow's history once its time to live has passed
 * since the end, and never a flow that waits or ended more recently. Run on H2 and on PostgreSQL (the cleanup's
 * queries are the database's own).
 */
final class EngineHistoryCleanupContract {

    static final String PROCESS = "gf-test-history-cleanup";

    private final ProcessEngine engine;
    private final HistoryService history;

    private EngineHistoryCleanupContract(ProcessEngine engine) {
        this.engine = engine;
        this.history = engine.getHistoryService();
    }

    /** With a test flow that keeps its history one day, removed again afterwards. */
    static void run(ProcessEngine engine) {
        Deployment deployment = engine.getRepositoryService().createDeployment().name("history-cleanup-test")
                .addModelInstance(PROCESS + ".bpmn", Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                        .startEvent().userTask("Task_Wait").endEvent().done())
                .deploy();
        try {
            new EngineHistoryCleanupContract(engine).flowEndsWithoutRemovalTimeAndCleanupRemovesOnlyWhatEndedLongerAgoThanItsTimeToLive();
        } finally {
            ClockUtil.reset();
            engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
        }
    }

    private void flowEndsWithoutRemovalTimeAndCleanupRemovesOnlyWhatEndedLongerAgoThanItsTimeToLive() {
        Instant now = Instant.now();
        ClockUtil.setCurrentTime(Date.from(now));
        String ended = start();
        String endsLater = start();
        String waiting = start();
        complete(ended);

        HistoricProcessInstance endedFlow = history.createHistoricProcessInstanceQuery().processInstanceId(ended).singleResult();
        assertThat(endedFlow.getEndTime()).as("the flow ended").isNotNull();
        assertThat(endedFlow.getRemovalTime()).as("no removal time written at the end").isNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(ended).list())
                .extracting(HistoricActivityInstance::getRemovalTime).hasSize(3).containsOnlyNulls();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(ended).list())
                .extracting(HistoricVariableInstance::getRemovalTime).hasSize(2).containsOnlyNulls();

        // Two days on, the second flow ends: a day's time to live has passed since the first one's end only.
        ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(2))));
        complete(endsLater);
        HistoryCleanup.runNow(engine);

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(ended).count()).as("ended two days ago").isZero();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(ended).count()).isZero();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(ended).count()).isZero();
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(ended).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(endsLater).count()).as("ended just now").isOne();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(endsLater).count()).isEqualTo(2);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(waiting).count()).as("still waiting").isOne();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(waiting).count()).isEqualTo(2);
    }

    private String start() {
        return engine.getRuntimeService().startProcessInstanceByKey(PROCESS, Map.of("assignmentId", "A-1", "credits", 3)).getId();
    }

    private void complete(String processInstanceId) {
        engine.getTaskService().complete(engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).singleResult().getId());
    }
}
