package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.STARTED_BY;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import java.util.Map;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The thin delegates of the activation processes, one bean per service task ({@code ${xxxDelegate}}) or task
 * listener: each reads ids from the variables and calls the service, which loads what it needs by id.
 */
@Configuration(proxyBeanMethods = false)
class ActivationDelegates {

    // ---- remote-activation-add ----

    @Bean
    JavaDelegate allocateSeatsDelegate(RemoteActivations activations) {
        return ex -> activations.allocate(string(ex, ACTIVATION_ID), ex.getProcessInstanceId(), string(ex, STARTED_BY));
    }

    @Bean
    JavaDelegate issueAddConnectionTokenDelegate(RemoteActivations activations) {
        return ex -> activations.issueAddConnectionToken(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate startLifecycleDelegate(RemoteActivations activations) {
        return ex -> activations.startLifecycle(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate activateDelegate(RemoteActivations activations) {
        return ex -> activations.activate(string(ex, ACTIVATION_ID));
    }

    /** Shared by add and update: the follow-up task is about to appear. */
    @Bean
    JavaDelegate notifyNotAppliedDelegate(RemoteActivations activations) {
        return ex -> {
            String activationId = string(ex, ACTIVATION_ID);
            Object updateId = ex.getVariable(UPDATE_ID);
            activations.notifyNotApplied(activationId, updateId == null ? null : updateId.toString(),
                    activations.get(activationId).currentConnectionJti(), ex.getProcessInstanceId());
        };
    }

    // ---- remote-activation-update ----

    /** Configure printer seats: fresh numbers on create, the configurer recorded on complete. */
    @Bean
    TaskListener configureSeatsTaskListener(ActivationUpdates updates) {
        return task -> {
            String updateId = string(task, UPDATE_ID);
            if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
                task.setVariables(updates.seatsForm(updateId));
            } else if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                String user = EngineUser.completer(task);
                updates.recordConfigurer(updateId, user);
                task.setVariable(ActivationVariables.CONFIGURED_BY, user);
            }
        };
    }

    @Bean
    JavaDelegate validateSeatsDelegate(ActivationUpdates updates) {
        return ex -> {
            ActivationUpdates.SeatCheck check = updates.validate(string(ex, UPDATE_ID), ex.getVariable(ActivationVariables.NEW_SEATS),
                    ex.getVariable(ActivationVariables.NEW_EXPIRES_AT));
            ex.setVariables(Map.of(ActivationVariables.SEATS_VALID, check.valid(), ActivationVariables.REDUCTION, check.reduction(),
                    ActivationVariables.MESSAGE, check.message() == null ? "" : check.message()));
        };
    }

    /** Confirm seat reduction: refuses the configurer (four-eyes) before the task may complete. */
    @Bean
    TaskListener fourEyesTaskListener(ActivationUpdates updates) {
        return task -> {
            Object approved = task.getVariable(ActivationVariables.APPROVED);
            String user = EngineUser.completer(task);
            // The second pair of eyes is an operator's: an administrator's engine power is not an approval.
            if (user != null && !EngineUser.isOperator(task.getProcessEngineServices().getIdentityService(), user)) {
                throw ActivationUpdates.fourEyes(FourEyesTasklist.notAnOperator(user));
            }
            updates.decideReduction(string(task, UPDATE_ID), user, approved == null ? null : Boolean.valueOf(approved.toString()));
        };
    }

    @Bean
    JavaDelegate saveConfigurationDelegate(ActivationUpdates updates) {
        return ex -> {
            ActivationUpdates.Saved saved = updates.save(string(ex, UPDATE_ID), ex.getProcessInstanceId());
            ex.setVariable(ActivationVariables.OLD_EXPIRES_AT, ActivationVariables.date(saved.oldExpiresAt()));
            ex.setVariable("saved", saved.refusal() == null);
            ex.setVariable(ActivationVariables.MESSAGE, saved.refusal() == null ? "" : saved.refusal());
        };
    }

    @Bean
    JavaDelegate issueConnectionTokenDelegate(ActivationUpdates updates) {
        return ex -> updates.issueConnectionToken(string(ex, UPDATE_ID), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate applyReceiptDelegate(ActivationUpdates updates) {
        return ex -> updates.applied(string(ex, UPDATE_ID), string(ex, ActivationVariables.RECEIPT_JTI), ex.getProcessInstanceId());
    }

    @Bean
    JavaDelegate rejectUpdateDelegate(ActivationUpdates updates) {
        return ex -> updates.rejected(string(ex, UPDATE_ID));
    }

    @Bean
    JavaDelegate expireUpdateDelegate(ActivationUpdates updates) {
        return ex -> updates.expired(string(ex, UPDATE_ID));
    }

    @Bean
    JavaDelegate releaseInFlightOnExpiryDelegate(ActivationUpdates updates) {
        return ex -> updates.oldActivationExpired(string(ex, UPDATE_ID), ex.getProcessInstanceId());
    }

    // ---- remote-activation-lifecycle ----

    @Bean
    JavaDelegate warnExpiryDelegate(RemoteActivations activations) {
        return ex -> activations.warnExpiry(string(ex, ACTIVATION_ID));
    }

    @Bean
    JavaDelegate expireActivationDelegate(RemoteActivations activations) {
        return ex -> activations.expire(string(ex, ACTIVATION_ID), ex.getProcessInstanceId());
    }

    // ---- remote-activation-disconnect ----

    @Bean
    JavaDelegate releaseSeatsDelegate(RemoteActivations activations) {
        return ex -> activations.disconnect(string(ex, ACTIVATION_ID), ex.getProcessInstanceId(), string(ex, STARTED_BY));
    }

    @Bean
    JavaDelegate disableInstallationKeyDelegate(RemoteActivations activations) {
        return ex -> activations.disableKeyIfUnused(string(ex, ACTIVATION_ID));
    }
}
