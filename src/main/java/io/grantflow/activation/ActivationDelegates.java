package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.APPROVED;
import static io.grantflow.activation.ActivationVariables.AWAITS_PROOF;
import static io.grantflow.activation.ActivationVariables.CONFIGURED_BY;
import static io.grantflow.activation.ActivationVariables.MESSAGE;
import static io.grantflow.activation.ActivationVariables.NEW_EXPIRES_AT;
import static io.grantflow.activation.ActivationVariables.NEW_SEATS;
import static io.grantflow.activation.ActivationVariables.OLD_EXPIRES_AT;
import static io.grantflow.activation.ActivationVariables.REDUCTION;
import static io.grantflow.activation.ActivationVariables.RELEASE_AT;
import static io.grantflow.activation.ActivationVariables.SAVED;
import static io.grantflow.activation.ActivationVariables.SEATS_VALID;
import static io.grantflow.activation.ActivationVariables.STARTED_BY;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.date;
import static io.grantflow.activation.ActivationVariables.string;

import java.util.Map;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The thin delegates and listeners of the activation processes, one bean per BPMN step ({@code ${xxxDelegate}}):
 * each reads ids from the variables, calls the step's service, which loads what it needs by id, and writes back what
 * the gateways and forms read. The project's one delegate style (credits has CreditDelegates).
 */
@Configuration(proxyBeanMethods = false)
class ActivationDelegates {

    // remote-activation-add (notifyNotApplied also serves the update)

    @Bean
    JavaDelegate allocateSeatsDelegate(ActivationAddSteps steps) {
        return ex -> steps.allocate(string(ex, ACTIVATION_ID), ex.getProcessInstanceId(), string(ex, STARTED_BY));
    }

    @Bean
    JavaDelegate issueAddConnectionTokenDelegate(ActivationAddSteps steps) {
        return ex -> steps.issueConnectionToken(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate startLifecycleDelegate(ActivationAddSteps steps) {
        return ex -> steps.startLifecycle(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate activateDelegate(ActivationAddSteps steps) {
        return ex -> steps.activate(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate notifyNotAppliedDelegate(ActivationAddSteps steps) {
        return ex -> {
            Object updateId = ex.getVariable(UPDATE_ID);
            steps.notifyNotApplied(string(ex, ACTIVATION_ID), updateId == null ? null : updateId.toString(), ex.getProcessInstanceId());
        };
    }

    // remote-activation-lifecycle

    @Bean
    JavaDelegate warnExpiryDelegate(ActivationLifecycle lifecycle) {
        return ex -> lifecycle.warnExpiry(string(ex, ACTIVATION_ID));
    }

    /** On the expiry timer's end, in the timer's job: an early timer fails there and the flow keeps waiting. */
    @Bean
    ExecutionListener activationExpiryDueListener(ActivationLifecycle lifecycle) {
        return ex -> lifecycle.requireExpired(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate expireActivationDelegate(ActivationLifecycle lifecycle) {
        return ex -> lifecycle.expire(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    // remote-activation-update

    /** Configure printer seats: fresh numbers on create, the configurer recorded on complete. */
    @Bean
    TaskListener configureSeatsTaskListener(UpdateConfiguration configuration) {
        return task -> {
            String updateId = string(task, UPDATE_ID);
            if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
                task.setVariables(configuration.seatsForm(updateId));
            } else if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                String user = EngineUser.completer(task);
                configuration.recordConfigurer(updateId, user);
                task.setVariable(CONFIGURED_BY, user);
            }
        };
    }

    @Bean
    JavaDelegate validateSeatsDelegate(UpdateConfiguration configuration) {
        return ex -> {
            UpdateConfiguration.SeatCheck check = configuration.validate(string(ex, UPDATE_ID), ex.getVariable(NEW_SEATS),
                    ex.getVariable(NEW_EXPIRES_AT));
            ex.setVariables(Map.of(SEATS_VALID, check.valid(), REDUCTION, check.reduction(),
                    MESSAGE, check.message() == null ? "" : check.message()));
        };
    }

    /**
     * Confirm seat reduction: the second pair of eyes is an operator's, or another admin's of the activation's own
     * account; an administrator's engine power is not an approval.
     */
    @Bean
    TaskListener fourEyesTaskListener(UpdateConfiguration configuration, AccountAdmins accountAdmins) {
        return task -> {
            Object approved = task.getVariable(APPROVED);
            String user = EngineUser.completer(task);
            if (user != null && !EngineUser.isOperator(task.getProcessEngineServices().getIdentityService(), user)
                    && !accountAdmins.isAdminOfUpdatesAccount(task.getProcessEngineServices().getIdentityService(), user,
                            string(task, UPDATE_ID))) {
                throw FourEyes.refused(FourEyes.notAnOperator(user));
            }
            configuration.decideReduction(string(task, UPDATE_ID), user, approved == null ? null : Boolean.valueOf(approved.toString()));
        };
    }

    @Bean
    JavaDelegate saveConfigurationDelegate(UpdateSave save) {
        return ex -> {
            UpdateSave.Saved saved = save.save(string(ex, UPDATE_ID), ex.getProcessInstanceId());
            ex.setVariable(OLD_EXPIRES_AT, date(saved.oldExpiresAt()));
            ex.setVariable(SAVED, saved.refusal() == null);
            ex.setVariable(MESSAGE, saved.refusal() == null ? "" : saved.refusal());
        };
    }

    @Bean
    JavaDelegate issueConnectionTokenDelegate(UpdateCompletion completion) {
        return ex -> completion.issueConnectionToken(string(ex, UPDATE_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate applyReceiptDelegate(UpdateCompletion completion) {
        return ex -> completion.applied(string(ex, UPDATE_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate rejectUpdateDelegate(UpdateCompletion completion) {
        return ex -> completion.rejected(string(ex, UPDATE_ID));
    }

    @Bean
    JavaDelegate expireUpdateDelegate(UpdateCompletion completion) {
        return ex -> completion.expired(string(ex, UPDATE_ID));
    }

    /** On the old activation's expiry timer's end, in the timer's job, as for the lifecycle's. */
    @Bean
    ExecutionListener oldActivationExpiryDueListener(UpdateCompletion completion) {
        return ex -> completion.requireOldActivationExpired(string(ex, UPDATE_ID));
    }

    @Bean
    JavaDelegate releaseInFlightOnExpiryDelegate(UpdateCompletion completion) {
        return ex -> completion.oldActivationExpired(string(ex, UPDATE_ID), ex.getProcessInstanceId());
    }

    // remote-activation-disconnect

    @Bean
    JavaDelegate disconnectActivationDelegate(ActivationDisconnects disconnects) {
        return ex -> {
            ActivationDisconnects.Disconnected done = disconnects.disconnect(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
            ex.setVariable(AWAITS_PROOF, done.awaitsProof());
            ex.setVariable(RELEASE_AT, date(done.releaseAt()));
        };
    }

    @Bean
    JavaDelegate releaseSeatsOnDisconnectProofDelegate(ActivationDisconnects disconnects) {
        return ex -> disconnects.releaseOnProof(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    /** On the release timer's end, in the timer's job, as for the lifecycle's. */
    @Bean
    ExecutionListener disconnectReleaseDueListener(ActivationDisconnects disconnects) {
        return ex -> disconnects.requireReleaseDue(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate releaseSeatsOnDisconnectExpiryDelegate(ActivationDisconnects disconnects) {
        return ex -> disconnects.releaseOnExpiry(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate disableInstallationKeyDelegate(ActivationDisconnects disconnects) {
        return ex -> disconnects.disableKeyIfUnused(string(ex, ACTIVATION_ID));
    }
}
