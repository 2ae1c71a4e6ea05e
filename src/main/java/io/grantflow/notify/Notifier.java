package io.grantflow.notify;

import lombok.RequiredArgsConstructor;
import io.grantflow.activation.ActivationExpiryWarning;
import io.grantflow.activation.ConnectionTokenNotApplied;
import io.grantflow.activation.License;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.RevokeKeyOverdue;
import io.grantflow.credits.Subscription;
import io.grantflow.credits.Subscriptions;
import io.grantflow.ops.IncidentOpened;
import io.grantflow.tokens.EdgeKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells people by e-mail when something needs them: an activation about to expire, a connection token never applied,
 * a revoke key awaited too long, an incident. Each event is kept in Spring Modulith's event publication registry from
 * the step that published it on, and acted on after that step committed, on a thread and in a transaction of its own
 * ({@link NotificationListener}): the flow never waits for mail and never fails for it. A notice that cannot be built
 * or sent is logged and its publication stays incomplete, so it is sent when resubmitted ({@link UnsentNotices}, and
 * at the next start).
 * {@code gf_notification} still claims each notice by its cause before it is sent: the revoke-key check finds the
 * same overdue revoke again and again, and several nodes may resubmit the same publication; the mail goes out once.
 */
@Component
@RequiredArgsConstructor
class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final NotificationProperties properties;
    private final MailOut mail;
    private final JdbcTemplate jdbc;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final Licenses licenses;
    private final Subscriptions subscriptions;
    private final EdgeKeys edgeKeys;
    private final Clock clock;
    private final MeterRegistry meters;

    @NotificationListener
    public void expiryWarning(ActivationExpiryWarning e) {
        notify("expiry-warning", () -> {
            String account = licenses.find(e.licenseId()).map(License::accountId).orElse(null);
            return new Notice("expiry-warning:" + e.activationId() + ":" + e.expiresAt(), "expiry-warning", account,
                    "[Grantflow] Activation " + e.activationId() + " expires on " + day(e) + " (license " + e.licenseId() + ")",
                    lines("Remote activation " + e.activationId() + " of license " + e.licenseId() + " (installation "
                                    + e.installationId() + ") expires at " + e.expiresAt() + ".",
                            "Its seats return to the license then. To keep it, the installation sends an update with a new expiry.",
                            "",
                            "Activation: " + e.activationId(),
                            "Account: " + nullToDash(account),
                            "Activation in the API: " + properties.api("/api/v1/remote-activations/" + e.activationId()),
                            "Tasklist: " + properties.tasklistUrl()));
        });
    }

    @NotificationListener
    public void connectionTokenNotApplied(ConnectionTokenNotApplied e) {
        notify("connection-token-not-applied", () -> {
            String account = edgeKeys.find(e.installationId()).map(EdgeKeys.EdgeKey::accountId).orElse(null);
            Optional<Task> task = openTask(e.processInstanceId()); // the follow-up task, created after the event
            return new Notice("not-applied:" + e.activationId() + ":" + e.connectionJti(), "connection-token-not-applied", account,
                    "[Grantflow] Connection token not applied: activation " + e.activationId(),
                    lines("Installation " + e.installationId() + " has not applied the connection token of activation "
                                    + e.activationId() + (e.updateId() == null ? "" : " (update " + e.updateId() + ")")
                                    + ": no receipt since it was issued before " + e.issuedBefore() + ".",
                            "Please follow up with the customer; the follow-up task waits in Tasklist.",
                            "",
                            "Activation: " + e.activationId(),
                            "Account: " + nullToDash(account),
                            "Connection token (jti): " + e.connectionJti(),
                            "Task: " + task.map(t -> t.getName() + " - " + properties.taskLink(t.getId()))
                                    .orElse(properties.tasklistUrl())));
        });
    }

    @NotificationListener
    public void revokeKeyOverdue(RevokeKeyOverdue e) {
        notify("revoke-key-overdue", () -> {
            Optional<Task> task = openTask(e.revokeProcessInstanceId()); // "Enter revoke key", if the flow waits there
            return new Notice("revoke-key-overdue:" + e.assignmentId(), "revoke-key-overdue", e.accountId(),
                    "[Grantflow] Revoke key overdue: assignment " + e.assignmentId() + " (" + e.credits() + " credits)",
                    lines("The revoke of credit assignment " + e.assignmentId() + " (" + e.credits() + " credits of subscription "
                                    + e.subscriptionId() + " on HOME system " + e.systemId() + ") has waited for its revoke key since "
                                    + e.revokeRequestedAt() + ", longer than " + properties.revokeKeyOverdueAfter() + ".",
                            "The credits stay in flight until the system's revoke key arrives.",
                            "",
                            "Assignment: " + e.assignmentId(),
                            "Account: " + nullToDash(e.accountId()),
                            "Task: " + task.map(t -> t.getName() + " - " + properties.taskLink(t.getId()))
                                    .orElse(e.revokeProcessInstanceId() == null ? properties.tasklistUrl()
                                            : "none yet (the system may still answer) - " + properties.processLink(e.revokeProcessInstanceId()))));
        });
    }

    @NotificationListener
    public void incidentOpened(IncidentOpened e) {
        notify("incident", () -> {
            String account = accountOfProcess(e.processInstanceId());
            return new Notice("incident:" + e.incidentId(), "incident", account,
                    "[Grantflow] Incident in " + e.processDefinitionKey() + " at " + e.activityId(),
                    lines("A step of flow " + e.processDefinitionKey() + " failed and has no retries left: " + e.activityId() + ".",
                            "Message: " + nullToDash(e.message()),
                            "Fix the cause, then retry the step in Cockpit (Incidents tab, \"Retry\").",
                            "",
                            "Process instance: " + e.processInstanceId(),
                            "Incident: " + e.incidentId() + " (" + e.incidentType() + ")",
                            "Account: " + nullToDash(account),
                            "Cockpit: " + properties.processLink(e.processInstanceId())));
        });
    }

    /**
     * Builds, claims (once per key) and sends, in the listener's transaction: a failure rolls the claim back and is
     * thrown on, so the event's publication stays incomplete and the notice is sent when it is resubmitted.
     */
    private void notify(String kind, Supplier<Notice> build) {
        if (!properties.enabled()) {
            return;
        }
        try {
            Notice notice = build.get();
            List<String> to = properties.recipientsFor(notice.accountId());
            if (to.isEmpty()) {
                log.info("No recipients for {} (account {}): set grantflow.notifications.recipients", notice.kind(), notice.accountId());
                return;
            }
            if (!claim(notice, to)) {
                return;
            }
            mail.send(properties.from(), to, notice.subject(), notice.body());
            meters.counter("grantflow.notifications.sent", "kind", kind).increment();
            log.info("Sent {} to {}: {}", notice.kind(), to, notice.subject());
        } catch (RuntimeException e) {
            meters.counter("grantflow.notifications.failed", "kind", kind).increment();
            log.warn("Notification not sent, tried again after grantflow.notifications.resubmit-interval: {}", e.toString());
            throw new NotificationNotSent(e);
        }
    }

    /** False when this was told before (or another node is telling it right now). */
    private boolean claim(Notice notice, List<String> to) {
        try {
            jdbc.update("INSERT INTO gf_notification (notice_key, kind, account_id, subject, recipients, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
                    truncate(notice.key(), 200), notice.kind(), notice.accountId(), truncate(notice.subject(), 300),
                    truncate(String.join(",", to), 1000), clock.instant().atOffset(ZoneOffset.UTC));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The task the flow waits in, if any: these flows wait in one user task at a time. */
    private Optional<Task> openTask(String processInstanceId) {
        if (processInstanceId == null) {
            return Optional.empty();
        }
        return tasks.createTaskQuery().processInstanceId(processInstanceId).active().orderByTaskCreateTime().desc()
                .list().stream().findFirst();
    }

    /** The account a flow works for, from its license or subscription variable. */
    private String accountOfProcess(String processInstanceId) {
        if (processInstanceId == null) {
            return null;
        }
        Map<String, Object> vars = runtime.getVariables(processInstanceId, List.of("licenseId", "subscriptionId"));
        if (vars.get("licenseId") != null) {
            return licenses.find(vars.get("licenseId").toString()).map(License::accountId).orElse(null);
        }
        if (vars.get("subscriptionId") != null) {
            return subscriptions.find(vars.get("subscriptionId").toString()).map(Subscription::accountId).orElse(null);
        }
        return null;
    }

    private static String day(ActivationExpiryWarning e) {
        return e.expiresAt() == null ? "-" : e.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
