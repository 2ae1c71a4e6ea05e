package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.TokenType;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Updates of a remote activation across the air gap, as callers see them: an installation's update token starts
 * one, and the reads. The operators' steps are in {@link UpdateConfiguration} and {@link UpdateSave}, what follows
 * Save in {@link UpdateCompletion}. Runs in the caller's transaction.
 */
@Service
@RequiredArgsConstructor
class ActivationUpdates {

    private final ActivationUpdateRepository repository;
    private final RemoteActivationRepository activations;
    private final EdgeTokens edgeTokens;
    private final RuntimeService runtime;
    private final GrantflowProperties properties;
    private final Clock clock;

    public record Started(String updateId, String activationId, String processInstanceId) {
    }

    public ActivationUpdate get(String id) {
        return repository.get(id);
    }

    /**
     * Verifies the update token (every refusal has its code and changes nothing), claims the activation for this
     * update, spends the jti and starts remote-activation-update, all in the caller's transaction.
     */
    @Transactional
    public Started start(String compact, String actor) {
        return edgeTokens.accept(compact, TokenType.UPDATE, this::activationOf, (token, found) -> {
            Started started = start(token, found, actor);
            return EdgeTokens.Used.in(started.processInstanceId(), started);
        });
    }

    /** The update token names its installation's own activation and that activation's license. */
    private RemoteActivation activationOf(VerifiedToken token) {
        RemoteActivation a = activations.find(token.subject())
                .orElseThrow(() -> EdgeTokens.notFor("No remote activation '" + token.subject() + "'"));
        if (!a.installationId().equals(token.issuer())) {
            throw EdgeTokens.notFor("Remote activation '" + a.id() + "' does not belong to installation '" + token.issuer() + "'");
        }
        String license = token.stringClaim("license");
        if (!license.equals(a.licenseId())) {
            throw EdgeTokens.notFor("The token names license '" + license + "', the activation is of another");
        }
        token.longClaim("seats");
        return a;
    }

    private Started start(VerifiedToken token, RemoteActivation found, String actor) {
        RemoteActivation a = activations.lock(found.id());
        if (a.state() != ActivationState.ACTIVE) {
            throw ActivationRefusals.notActive(a);
        }
        if (a.pendingUpdateId() != null) {
            throw ActivationRefusals.updateInProgress(a);
        }
        String updateId = "UPD-" + UUID.randomUUID();
        Instant configureBy = TimeRules.configureBy(clock.instant(), properties.tokens().updateTokenTtl(), token.expiresAt());
        repository.insert(updateId, a.id(), token.jti(), token.expiresAt(), a.seats(), a.expiresAt());
        // The row lock taken above serialises starts; this guard also holds where a lock is not taken.
        if (!activations.claimForUpdate(a.id(), updateId)) {
            throw ActivationRefusals.updateInProgress(a);
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.UPDATE_ID, updateId);
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.LICENSE_ID, a.licenseId());
        vars.put(ActivationVariables.INSTALLATION_SEATS, token.longClaim("seats"));
        vars.put(ActivationVariables.STARTED_BY, actor);
        vars.put(ActivationVariables.CONFIGURE_BY, ActivationVariables.date(configureBy));
        vars.put(ActivationVariables.RECEIPT_FOLLOW_UP, properties.receiptFollowUp().toString());
        ProcessInstance pi = runtime.startProcessInstanceByKey(ActivationProcesses.Update.KEY, a.id(), vars);
        repository.setProcessInstance(updateId, pi.getId());
        return new Started(updateId, a.id(), pi.getId());
    }
}
