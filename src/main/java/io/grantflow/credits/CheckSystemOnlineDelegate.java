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
        execution.setVariable(CreditVariables.SYSTEM_ONLINE,
                systems.isOnline((String) execution.getVariable(CreditVariables.SYSTEM_ID)));
    }
}
