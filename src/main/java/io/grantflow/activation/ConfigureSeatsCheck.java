package io.grantflow.activation;

import io.grantflow.shared.TaskFormCheck;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * "Configure printer seats" completed at an engine door: more seats than the license has available (or no seats, a bad
 * expiry, an update already saved) is refused where the operator clicked Complete, by the rule Validate seats applies
 * after. What the request does not submit is what the task already holds, as the engine would merge it.
 */
@Component
class ConfigureSeatsCheck implements TaskFormCheck {

    private final UpdateConfiguration configuration;
    private final RuntimeService runtime;

    ConfigureSeatsCheck(@Lazy UpdateConfiguration configuration, @Lazy RuntimeService runtime) {
        this.configuration = configuration;
        this.runtime = runtime;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(ActivationProcesses.Update.CONFIGURE_SEATS);
    }

    @Override
    public void check(Submission s) {
        Object updateId = runtime.getVariable(s.processInstanceId(), ActivationVariables.UPDATE_ID);
        if (updateId == null) {
            return; // not an update Grantflow started: the process refuses it
        }
        configuration.precheck(updateId.toString(), value(s, ActivationVariables.NEW_SEATS), value(s, ActivationVariables.NEW_EXPIRES_AT));
    }

    private Object value(Submission s, String name) {
        return s.has(name) ? s.submitted().get(name) : runtime.getVariable(s.processInstanceId(), name);
    }
}
