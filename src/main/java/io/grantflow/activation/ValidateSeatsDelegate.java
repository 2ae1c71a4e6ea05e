package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.MESSAGE;
import static io.grantflow.activation.ActivationVariables.NEW_EXPIRES_AT;
import static io.grantflow.activation.ActivationVariables.NEW_SEATS;
import static io.grantflow.activation.ActivationVariables.REDUCTION;
import static io.grantflow.activation.ActivationVariables.SEATS_VALID;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ValidateSeats (remote-activation-update): checks what the operator entered; the gateways read the outcome. */
@Component("validateSeatsDelegate")
class ValidateSeatsDelegate implements JavaDelegate {

    private final UpdateConfiguration configuration;

    ValidateSeatsDelegate(UpdateConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UpdateConfiguration.SeatCheck check = configuration.validate(string(execution, UPDATE_ID), execution.getVariable(NEW_SEATS),
                execution.getVariable(NEW_EXPIRES_AT));
        execution.setVariables(Map.of(SEATS_VALID, check.valid(), REDUCTION, check.reduction(),
                MESSAGE, check.message() == null ? "" : check.message()));
    }
}
