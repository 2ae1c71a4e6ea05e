package io.grantflow.activation;

import io.grantflow.ledger.LedgerService;
import io.grantflow.support.EdgeKeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Builds licenses, installations and activations for tests, each with fresh ids, through the services. */
@Component
class ActivationFixture {

    /** An activation with the installation's key pair, made outside Grantflow. */
    record Act(String id, String licenseId, String processInstanceId, EdgeKeyPair key) {
    }

    /** What a refusal must leave unchanged. */
    record Snapshot(License license, RemoteActivation activation, long ledgerRows, long updates, long processInstances, long tokens) {
    }

    final Licenses licenses;
    final RemoteActivations activations;
    final ActivationUpdates updates;
    final ActivationReceipts receipts;
    final ActivationDisconnectProofs disconnectProofs;
    final TransactionTemplate tx;
    final ManagementService management;
    final TaskService tasks;
    final IdentityService identity;
    final LedgerService ledger;
    final JdbcTemplate jdbc;
    final RuntimeService runtime;
    final HistoryService history;

    ActivationFixture(RuntimeService runtime, Licenses licenses, RemoteActivations activations, ActivationUpdates updates, ActivationReceipts receipts,
            ActivationDisconnectProofs disconnectProofs, TransactionTemplate tx, ManagementService management, TaskService tasks, IdentityService identity, LedgerService ledger,
            JdbcTemplate jdbc, HistoryService history) {
        this.history = history;
        this.licenses = licenses;
        this.activations = activations;
        this.updates = updates;
        this.receipts = receipts;
        this.disconnectProofs = disconnectProofs;
        this.tx = tx;
        this.management = management;
        this.tasks = tasks;
        this.identity = identity;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.runtime = runtime;
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    String license(long seats) {
        return license(seats, now().plus(Duration.ofDays(365)));
    }

    String license(long seats, Instant expiresAt) {
        String id = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(id, "ACME", seats, expiresAt, "test"));
        return id;
    }

    Act add(String licenseId, long seats, Instant expiresAt) {
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        RemoteActivations.Started started = tx.execute(s -> activations.add(licenseId, key.id(), key.publicJwk(), seats, expiresAt, "operator"));
        return new Act(started.activationId(), licenseId, started.processInstanceId(), key);
    }

    /** An ACTIVE activation: added, its token receipted, the add flow finished. */
    Act active(String licenseId, long seats) {
        return active(licenseId, seats, now().plus(Duration.ofDays(200)));
    }

    Act active(String licenseId, long seats, Instant expiresAt) {
        Act act = add(licenseId, seats, expiresAt);
        receipt(act);
        runJobs(act.processInstanceId());
        return act;
    }

    String receiptToken(Act act) {
        String jti = activations.get(act.id()).currentConnectionJti();
        return act.key().token("receipt+jwt", act.id()).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("connection_jti", jti).sign();
    }

    ActivationReceipts.Accepted receipt(Act act) {
        return receipts.receive(act.id(), null, receiptToken(act));
    }

    /** The installation's disconnect proof for the activation's newest connection token, as the edge agent makes it. */
    EdgeKeyPair.TokenBuilder disconnectProofToken(Act act) {
        String jti = activations.get(act.id()).currentConnectionJti();
        return act.key().token("disconnect+jwt", act.id()).issuedAt(now()).ttl(Duration.ofDays(7)).claim("connection_jti", jti);
    }

    ActivationDisconnectProofs.Accepted disconnectProof(Act act) {
        return disconnectProofs.receive(act.id(), null, disconnectProofToken(act).sign());
    }

    /** How often the process instance passed an activity (history). */
    long passed(String processInstanceId, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityId(activityId).count();
    }

    /** Asks for the disconnect as the API does; answers the disconnect flow's process instance id. */
    String disconnect(Act act) {
        return tx.execute(s -> activations.startDisconnect(act.id(), "operator")).processInstanceId();
    }

    EdgeKeyPair.TokenBuilder updateToken(Act act) {
        return act.key().token("update+jwt", act.id()).issuedAt(now()).ttl(Duration.ofHours(24))
                .claim("seats", activations.get(act.id()).seats()).claim("license", act.licenseId());
    }

    ActivationUpdates.Started startUpdate(Act act) {
        String token = updateToken(act).sign();
        return tx.execute(s -> updates.start(token, "integrator"));
    }

    Task task(String processInstanceId, String key) {
        return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(key).singleResult();
    }

    /** Completes a task as a signed-in operator, as Tasklist does. */
    void completeAs(String user, Task task, Map<String, Object> vars) {
        identity.setAuthentication(user, List.of("operators"));
        try {
            tasks.complete(task.getId(), vars);
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Runs the due jobs of one process instance (async steps), as the job executor would. */
    void runJobs(String processInstanceId) {
        for (int i = 0; i < 20; i++) {
            List<Job> due = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> management.executeJob(j.getId()));
        }
        throw new IllegalStateException("Jobs of " + processInstanceId + " keep coming");
    }

    /** Runs the due jobs of the activation's lifecycle, the timers' and the async steps' they lead to. */
    void runLifecycleJobs(String activationId) {
        String pi = lifecycle(activationId);
        if (pi != null) {
            runJobs(pi);
        }
    }

    /** Runs the one job of an async step a modification or a timer left at {@code activityId}. */
    void runJobAt(String processInstanceId, String activityId) {
        Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
        management.executeJob(job.getId());
    }

    String lifecycle(String activationId) {
        var pi = runtime.createProcessInstanceQuery().processDefinitionKey(ActivationProcesses.Lifecycle.KEY)
                .processInstanceBusinessKey(activationId).singleResult();
        return pi == null ? null : pi.getId();
    }

    Snapshot snapshot(Act act) {
        return new Snapshot(licenses.get(act.licenseId()), activations.get(act.id()),
                count("SELECT COUNT(*) FROM gf_ledger_entry"), count("SELECT COUNT(*) FROM gf_activation_update"),
                runtime.createProcessInstanceQuery().count(), count("SELECT COUNT(*) FROM gf_token_record"));
    }

    /** A license-level snapshot, for refusals that have no activation yet. */
    record LicenseSnapshot(License license, long ledgerRows, long activations, long processInstances, long edgeKeys) {
    }

    LicenseSnapshot snapshot(String licenseId) {
        return new LicenseSnapshot(licenses.get(licenseId), count("SELECT COUNT(*) FROM gf_ledger_entry"),
                count("SELECT COUNT(*) FROM gf_remote_activation"), runtime.createProcessInstanceQuery().count(),
                count("SELECT COUNT(*) FROM gf_edge_key"));
    }

    String license(String accountId, long seats) {
        String id = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(id, accountId, seats, now().plus(Duration.ofDays(365)), "test"));
        return id;
    }

    long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
