package io.grantflow.ledger;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Test-only delegate: writes a ledger movement, then fails when the variable {@code failAt} names this step. */
@Component("ledgerStepTestDelegate")
class LedgerStepTestDelegate implements JavaDelegate {

    private final LedgerService ledger;

    LedgerStepTestDelegate(LedgerService ledger) {
        this.ledger = ledger;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String pool = (String) execution.getVariable("pool");
        String step = execution.getCurrentActivityId();
        ledger.allocate(new Movement(step + ":" + execution.getProcessInstanceId(), pool, "HOLDER-" + execution.getProcessInstanceId(),
                5, "test-step", null, execution.getProcessInstanceId(), "engine"));
        if (step.equals(execution.getVariable("failAt"))) {
            throw new IllegalStateException("step " + step + " fails after writing the ledger");
        }
    }
}
