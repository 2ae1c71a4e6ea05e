package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_NotifyNotApplied (add and update): no receipt in time, the follow-up task is about to appear. */
@Component("notifyNotAppliedDelegate")
class NotifyNotAppliedDelegate implements JavaDelegate {

    private final ActivationAddSteps steps;

    NotifyNotAppliedDelegate(ActivationAddSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object updateId = execution.getVariable(UPDATE_ID);
        steps.notifyNotApplied(string(execution, ACTIVATION_ID), updateId == null ? null : updateId.toString());
    }
}
