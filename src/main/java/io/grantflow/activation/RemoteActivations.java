package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.account.CallerAccount;
import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.HolderBalance;
import io.grantflow.ledger.LedgerService;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.EdgeKeys;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remote activations as callers see them: add one, ask for its disconnect, and the reads the API shows. The steps
 * the flows run are in {@link ActivationAddSteps}, {@link ActivationLifecycle} and {@link ActivationDisconnects}.
 * Every method runs in the caller's transaction.
 */
@Service
@RequiredArgsConstructor
class RemoteActivations {

    private final RemoteActivationRepository repository;
    private final InstallationRepository installations;
    private final LedgerService ledger;
    private final Licenses licenses;
    private final EdgeKeys edgeKeys;
    private final GrantflowProperties properties;
    private final Clock clock;
    private final RuntimeService runtime;
    private final CallerAccount caller;

    public record Started(String activationId, String processInstanceId) {
    }

    public Optional<RemoteActivation> find(String id) {
        return repository.find(id);
    }

    RemoteActivation get(String id) {
        return repository.get(id);
    }

    HolderBalance holding(RemoteActivation a) {
        return ledger.holding(a.licenseId(), a.id());
    }

    List<RemoteActivation> ofLicense(String licenseId) {
        return repository.ofLicense(licenseId);
    }

    /**
     * Within {@code grantflow.expiry-warning-before} of its expiry and still live: the clock decides, so the desk warns
     * even before the lifecycle's warning timer has run (that timer marks {@code expiryWarningAt} and notifies).
     */
    boolean expiresSoon(RemoteActivation a) {
        return a.state().live() && (a.expiryWarningAt() != null
                || !clock.instant().isBefore(TimeRules.warningAt(a.expiresAt(), properties.expiryWarningBefore())));
    }

    /** The live activations that {@link #expiresSoon} warns about, soonest first, of the accounts the filter allows. */
    io.grantflow.shared.Shown<RemoteActivationRepository.OfAccount> expiring(io.grantflow.account.AccountFilter accounts, int limit) {
        if (accounts.nothing()) {
            return new io.grantflow.shared.Shown<>(List.of(), 0);
        }
        Instant before = clock.instant().plus(properties.expiryWarningBefore());
        return new io.grantflow.shared.Shown<>(repository.expiring(accounts.accountId(), before, limit),
                repository.countExpiring(accounts.accountId(), before));
    }

    /** An account's newest activations (of one license where given); none for an account the caller may not see. */
    List<RemoteActivation> newestOfAccount(String accountId, String licenseId, int limit) {
        return caller.maySee(accountId) ? repository.newestOfAccount(accountId, licenseId, limit) : List.of();
    }

    List<RemoteActivation> ofInstallation(String installationId) {
        return repository.ofInstallation(installationId);
    }

    /** Validates, registers the installation and starts remote-activation-add, which allocates and issues the token. */
    @Transactional
    public Started add(String licenseId, String installationId, Object installationKey, long seats, Instant expiresAt, String actor) {
        License license = licenses.get(licenseId);
        SeatRules.requireSeatsAndExpiry(license, seats, expiresAt, clock.instant());
        ECKey key = EdgeKeys.parsePublicKey(installationKey);
        registerInstallation(license, installationId, key);
        SeatRules.requireAvailable(seats, license);
        String id = "RA-" + UUID.randomUUID();
        repository.insert(id, licenseId, installationId, seats, expiresAt);
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, id);
        vars.put(ActivationVariables.LICENSE_ID, licenseId);
        vars.put(ActivationVariables.STARTED_BY, actor);
        vars.put(ActivationVariables.EXPIRES_AT, ActivationVariables.date(expiresAt));
        vars.put(ActivationVariables.RECEIPT_FOLLOW_UP, properties.receiptFollowUp().toString());
        ProcessInstance pi = runtime.startProcessInstanceByKey(ActivationProcesses.Add.KEY, id, vars);
        repository.setProcessInstance(id, pi.getId());
        return new Started(id, pi.getId());
    }

    /** An installation belongs to one account, and a disconnected one's key stays disabled. */
    private void registerInstallation(License license, String installationId, ECKey key) {
        Optional<String> owner = installations.accountOf(installationId);
        if (owner.isEmpty()) {
            installations.insert(installationId, license.accountId());
        } else if (!owner.get().equals(license.accountId())) {
            throw Refusal.ACCOUNT_MISMATCH.exception("Installation '" + installationId + "' belongs to another account than license " + license.id());
        }
        edgeKeys.register(installationId, EdgeKeys.Kind.INSTALLATION, license.accountId(), key);
        if (edgeKeys.find(installationId).orElseThrow().disabled()) {
            throw Refusal.INSTALLATION_DISCONNECTED.exception("Installation '" + installationId + "' was disconnected and its key disabled; register it under a new id");
        }
    }

    /** Records who asked (the disconnect step's proof) and starts remote-activation-disconnect. */
    @Transactional
    Started startDisconnect(String activationId, String actor) {
        RemoteActivation a = repository.lock(activationId);
        if (!a.state().live()) {
            throw Refusal.ACTIVATION_NOT_ACTIVE.exception("Remote activation " + a.id() + " is " + a.state());
        }
        repository.requestDisconnect(a.id(), actor == null ? "unknown" : actor);
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.STARTED_BY, actor);
        ProcessInstance pi = runtime.startProcessInstanceByKey(ActivationProcesses.Disconnect.KEY, a.id(), vars);
        return new Started(a.id(), pi.getId());
    }
}
