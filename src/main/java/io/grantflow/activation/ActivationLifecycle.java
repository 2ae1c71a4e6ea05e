package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Instant;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** The steps of remote-activation-lifecycle: the expiry warning, the expiry, and timers that follow a new expiry. */
@Service
@RequiredArgsConstructor
class ActivationLifecycle {

    private final RemoteActivationRepository activations;
    private final ActivationClosing closing;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;
    private final GrantflowProperties properties;
    private final Clock clock;

    /** The warning once per expiry date: shown in the API and published for notifiers. */
    void warnExpiry(String activationId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.state().live() || a.expiryWarningAt() != null) {
            return;
        }
        activations.markWarned(a.id());
        events.publishEvent(new ActivationExpiryWarning(a.id(), a.licenseId(), a.installationId(), a.expiresAt()));
    }

    /** An update moved the expiry: the lifecycle's timers follow, and a warning no longer due is withdrawn. */
    void expiryChanged(String activationId, Instant expiresAt) {
        Instant warningAt = TimeRules.warningAt(expiresAt, properties.expiryWarningBefore());
        if (warningAt.isAfter(clock.instant())) {
            activations.withdrawWarning(activationId);
        }
        runtime.createMessageCorrelation(ActivationVariables.MSG_EXPIRY_CHANGED)
                .processInstanceBusinessKey(activationId)
                .setVariable(ActivationVariables.EXPIRES_AT, ActivationVariables.date(expiresAt))
                .setVariable(ActivationVariables.WARNING_AT, ActivationVariables.date(warningAt))
                .correlateAll();
    }

    /** Refuses ({@code too-early}) before the activation's expiry: checked when the timer fires and again in the step. */
    void requireExpired(String activationId) {
        RemoteActivation a = activations.get(activationId);
        if (a.state().live()) {
            requireExpired(a);
        }
    }

    /** Expiry: everything held and everything in flight goes back to the license. */
    void expire(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.state().live()) {
            return;
        }
        requireExpired(a);
        closing.close(a, ActivationState.EXPIRED, new ActivationClosing.Release("expire:" + a.id(), "activation-expired",
                "expiry:" + a.expiresAt(), processInstanceId, "grantflow"), UpdateStatus.EXPIRED, "The activation expired",
                "activation expired");
    }

    // The clock decides, not the timer's firing: a job executed early or a modification into the step fails.
    private void requireExpired(RemoteActivation a) {
        TimeRules.requireDue(clock.instant(), a.expiresAt(),
                "Activation " + a.id() + " expires at " + a.expiresAt() + "; its seats return then, not before");
    }
}
