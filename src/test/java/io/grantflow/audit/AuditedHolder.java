package io.grantflow.audit;

import io.grantflow.ledger.LedgerService;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/** A finished run of the test flow that writes to the ledger: its holder has a timeline, a diagram and a ledger row. */
final class AuditedHolder {

    private AuditedHolder() {
    }

    /** The run: its process instance, its pool, and the holder an auditor searches. */
    record Walked(String processInstanceId, String pool) {

        String holder() {
            return "HOLDER-" + processInstanceId;
        }
    }

    /** Runs the flow on a pool of its own ({@code poolPrefix} + a random id). */
    static Walked walk(ApplicationContext context, String poolPrefix) {
        RepositoryService repository = context.getBean(RepositoryService.class);
        if (repository.createProcessDefinitionQuery().processDefinitionKey("ledger-step-test").count() == 0) {
            repository.createDeployment().name("ledger-step-test").addClasspathResource("test-processes/ledger-step-test.bpmn").deploy();
        }
        String pool = poolPrefix + UUID.randomUUID();
        context.getBean(TransactionTemplate.class).executeWithoutResult(s -> context.getBean(LedgerService.class)
                .openPool(pool, "SEATS", 100, "test"));
        ProcessInstance pi = context.getBean(RuntimeService.class).startProcessInstanceByKey("ledger-step-test",
                Map.of("pool", pool, "failAt", "none"));
        TaskService tasks = context.getBean(TaskService.class);
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());
        return new Walked(pi.getId(), pool);
    }
}
