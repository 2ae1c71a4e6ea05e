package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CheckSystemOnline: the gateway's input, kept in the history as a flag. */
@Component("checkSystemOnlineDelegate")
class CheckSystemOnlineDelegate implements JavaDelegate {

    private final Systems systems;

    CheckSystemOnlineDelegate(Systems systems) {
        this.systems = systems;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Boolean atStart = CreditVariables.onlineAtStart(execution); // read by the start in this transaction
        execution.setVariable(CreditVariables.SYSTEM_ONLINE,
                atStart != null ? atStart : systems.isOnline(CreditVariables.systemId(execution)));
    }
}
