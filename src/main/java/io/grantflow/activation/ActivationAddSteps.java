package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.InsufficientBalanceException;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.IssuedToken;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** The steps of remote-activation-add: allocate, issue the token, start the lifecycle, activate on the receipt. */
@Service
@RequiredArgsConstructor
class ActivationAddSteps {

    private final RemoteActivationRepository activations;
    private final LedgerService ledger;
    private final ConnectionTokens connectionTokens;
    private final ReceiptProof receiptProof;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;
    private final GrantflowProperties properties;
    private final Clock clock;

    /** A repeated step allocates nothing more (the movement id is the activation's). */
    void allocate(String activationId, String processInstanceId, String actor) {
        RemoteActivation a = activations.lock(activationId);
        try {
            ledger.allocate(new Movement("allocate:" + a.id(), a.licenseId(), a.id(), a.seats(), "remote-activation-add", null,
                    processInstanceId, actor));
        } catch (InsufficientBalanceException e) {
            throw SeatRules.seatsExceed(a.seats(), e.available());
        }
    }

    /** The connection token of an add: there is no update token, so the nonce is {@code "add:" + activationId}. */
    IssuedToken issueConnectionToken(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        return connectionTokens.issue(a, a.seats(), a.expiresAt(), "add:" + a.id(), processInstanceId);
    }

    void startLifecycle(String activationId) {
        RemoteActivation a = activations.get(activationId);
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.EXPIRES_AT, ActivationVariables.date(a.expiresAt()));
        vars.put(ActivationVariables.WARNING_AT, ActivationVariables.date(TimeRules.warningAt(a.expiresAt(), properties.expiryWarningBefore())));
        runtime.startProcessInstanceByKey(ActivationProcesses.Lifecycle.KEY, a.id(), vars);
    }

    /**
     * The installation applied the add's token. Only with proof from the database: an accepted receipt for the
     * activation's newest connection token; a message sent to the flow by other means is refused (the step fails).
     */
    void activate(String activationId) {
        RemoteActivation a = activations.lock(activationId);
        if (a.state() != ActivationState.PENDING) {
            return;
        }
        receiptProof.require(a, a.currentConnectionJti());
        activations.activate(a.id());
    }

    /** Shared by add and update: no receipt in time, the follow-up task is about to appear. */
    void notifyNotApplied(String activationId, String updateId, String processInstanceId) {
        RemoteActivation a = activations.get(activationId);
        events.publishEvent(new ConnectionTokenNotApplied(a.id(), updateId, a.installationId(), a.currentConnectionJti(),
                clock.instant().minus(properties.receiptFollowUp()), processInstanceId));
    }
}
