package io.grantflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import io.grantflow.support.GrantflowTest;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine and the ledger commit together: a step that fails after writing the ledger leaves no row behind. */
@GrantflowTest
class LedgerTransactionProcessTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    LedgerService ledger;
    @Autowired
    TransactionTemplate tx;

    String pool;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        if (repository.createProcessDefinitionQuery().processDefinitionKey("ledger-step-test").count() == 0) {
            repository.createDeployment().name("ledger-step-test").addClasspathResource("test-processes/ledger-step-test.bpmn").deploy();
        }
        pool = "POOL-T-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> ledger.openPool(pool, "SEATS", 100, "test"));
    }

    @Test
    void stepWhenDelegateFailsAfterLedgerWriteThenNoRowAndProcessStaysAtUserTask() {
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "Task_AllocateThenMaybeFail"));
        assertThat(pi).isWaitingAt("UserTask_Approve");

        assertThatThrownBy(() -> complete(task(pi))).hasMessageContaining("fails after writing the ledger");

        assertThat(pi).isWaitingAt("UserTask_Approve");
        assertThat(ledger.entries(pool, null, null, null)).hasSize(1); // only the pool's opening row
        assertThat(ledger.balance(pool).orElseThrow().available()).isEqualTo(100);
    }

    @Test
    void asyncStepWhenDelegateFailsThenNoRowAndJobRetriesFromItsWaitState() {
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "Task_AsyncAllocateThenMaybeFail"));
        complete(task(pi));
        assertThat(ledger.balance(pool).orElseThrow().available()).isEqualTo(95);

        Job job = job(pi);
        assertThatThrownBy(() -> execute(job)).hasMessageContaining("fails after writing the ledger");

        assertThat(pi).isWaitingAt("Task_AsyncAllocateThenMaybeFail");
        Job afterFailure = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(afterFailure.getRetries()).isEqualTo(2);
        assertThat(ledger.balance(pool).orElseThrow().available()).isEqualTo(95);
        assertThat(ledger.entries(pool, null, null, null)).hasSize(2);
    }

    @Test
    void stepsWhenTheySucceedThenEachWrittenOnceWithTheirProcessInstance() {
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "none"));
        complete(task(pi));
        execute(job(pi));
        assertThat(pi).isEnded().hasPassedInOrder("UserTask_Approve", "Task_AllocateThenMaybeFail", "Task_AsyncAllocateThenMaybeFail");
        java.util.List<LedgerEntry> entries = ledger.entries(pool, null, null, null);
        assertThat(entries).hasSize(3);
        assertThat(entries.subList(1, 3)).allSatisfy(e -> assertThat(e.processInstanceId()).isEqualTo(pi.getId()));
        assertThat(ledger.balance(pool).orElseThrow().available()).isEqualTo(90);
    }
}
