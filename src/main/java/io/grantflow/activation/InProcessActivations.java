package io.grantflow.activation;

import java.time.Instant;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The activation flows driven in process, through the same service calls the REST controllers make: the one public
 * door the benchmark and other features' tests use, so that the services themselves stay package-private.
 */
public final class InProcessActivations {

    private final RemoteActivations activations;
    private final ActivationUpdates updates;
    private final ActivationReceipts receipts;
    private final UpdateSteps steps;
    private final TransactionTemplate tx;

    public InProcessActivations(ApplicationContext context) {
        this.activations = context.getBean(RemoteActivations.class);
        this.updates = context.getBean(ActivationUpdates.class);
        this.receipts = context.getBean(ActivationReceipts.class);
        this.steps = context.getBean(UpdateSteps.class);
        this.tx = context.getBean(TransactionTemplate.class);
    }

    /** Add new, as {@code POST /licenses/{id}/remote-activations}: answers the activation's id. */
    public String add(String licenseId, String installationId, Object installationKey, long seats, Instant expiresAt, String actor) {
        return tx.execute(s -> activations.add(licenseId, installationId, installationKey, seats, expiresAt, actor)).activationId();
    }

    public String state(String activationId) {
        return activations.find(activationId).orElseThrow().state().name();
    }

    public String currentConnectionJti(String activationId) {
        return activations.find(activationId).orElseThrow().currentConnectionJti();
    }

    /** The installation's receipt, as {@code POST /remote-activations/{id}/receipts}. */
    public void receipt(String activationId, String compact) {
        receipts.receive(activationId, null, compact);
    }

    /** An update token, as {@code POST /remote-activations/updates}: answers the update's id. */
    public String startUpdate(String compact, String actor) {
        return tx.execute(s -> updates.start(compact, actor)).updateId();
    }

    /** The operator's seat configuration, as Tasklist completes it. */
    public void configureSeats(String updateId, long seats) {
        steps.configureSeats(updateId, seats, null);
    }

    public String updateStatus(String updateId) {
        return updates.get(updateId).status().name();
    }

    /** Why an update was rejected or expired (null while it runs). */
    public String updateMessage(String updateId) {
        return updates.get(updateId).message();
    }

    public String updateConnectionJti(String updateId) {
        return updates.get(updateId).connectionJti();
    }
}
