package io.grantflow.audit;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.ledger.LedgerService;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.TaskRefusals;
import io.grantflow.tokens.TokenRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Service;

/**
 * Tells one subject's story from three sources: the engine's history (steps, user tasks with who and when,
 * incidents), Grantflow's token records and the ledger. The last two are Grantflow's own and outlive the
 * engine's history cleanup, so the seats and credits can always be accounted for.
 */
@Service
@RequiredArgsConstructor
class Timelines {

    /** Kinds an auditor can ask about, and the process variables that name such a subject. */
    static final Map<String, List<String>> KINDS = Map.of(
            "activation", List.of("activationId"),
            "assignment", List.of("assignmentId"),
            "system", List.of("systemId"),
            "subscription", List.of("subscriptionId"),
            "license", List.of("licenseId"),
            "update", List.of("updateId"));

    private final HistoryService history;
    private final LedgerService ledger;
    private final TokenRecords tokens;
    private final EngineOperations operations;
    private final TaskRefusals refusals;

    public Timeline timeline(String kind, String id) {
        List<String> variables = KINDS.get(kind);
        if (variables == null) {
            throw Refusal.INVALID_REQUEST.exception("kind must be one of " + KINDS.keySet().stream().sorted().toList());
        }
        boolean pool = kind.equals("license") || kind.equals("subscription");
        List<LedgerEntry> rows = pool ? ledger.entries(id, null, null, null) : ledger.entries(null, id, null, null);
        List<TokenRecords.TokenRecord> tokenRows = tokens.forSubject(id);

        Set<String> processIds = new LinkedHashSet<>();
        rows.stream().map(LedgerEntry::processInstanceId).filter(p -> p != null).forEach(processIds::add);
        tokenRows.stream().map(TokenRecords.TokenRecord::processInstanceId).filter(p -> p != null).forEach(processIds::add);
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).list().forEach(p -> processIds.add(p.getId()));
        for (String variable : variables) {
            history.createHistoricVariableInstanceQuery().variableValueEquals(variable, id).list()
                    .forEach(v -> processIds.add(v.getProcessInstanceId()));
        }
        if (!pool && processIds.isEmpty() && rows.isEmpty() && tokenRows.isEmpty()) {
            throw GrantflowException.notFound(kind, id);
        }

        List<TimelineEvent> events = new ArrayList<>();
        List<Timeline.ProcessSummary> processes = new ArrayList<>();
        for (String pi : processIds) {
            HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(pi).singleResult();
            if (instance == null) {
                continue; // cleaned up by the engine's history cleanup: ledger and token rows still tell the story
            }
            List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery().processInstanceId(pi)
                    .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
            processes.add(new Timeline.ProcessSummary(pi, instance.getProcessDefinitionKey(), instance.getProcessDefinitionId(),
                    instance.getState(), instant(instance.getStartTime()), instant(instance.getEndTime()),
                    activities.stream().map(HistoricActivityInstance::getActivityId).toList()));
            addProcessEvents(instance, activities, events);
            for (EngineOperations.Row op : operations.forDefinition(instance.getProcessDefinitionKey(), instant(instance.getStartTime()),
                    instant(instance.getEndTime()))) {
                events.add(operationEvent(op, pi, instance.getProcessDefinitionKey()));
            }
        }
        // what was done through the engine's doors, kept by Grantflow (it outlives the engine's history too)
        for (EngineOperations.Row op : operations.forProcesses(processIds)) {
            events.add(operationEvent(op, op.processInstanceId(), null));
        }
        // what an engine door refused when someone worked a task: the refused request changed nothing else
        for (TaskRefusals.Refusal r : refusals.forProcesses(processIds)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("code", r.code());
            detail.put("message", r.message());
            detail.put("task", r.taskDefinitionKey());
            detail.put("taskId", r.taskId());
            detail.put("actor", r.actor());
            detail.put("door", r.door());
            detail.put("operation", r.operation());
            events.add(new TimelineEvent(r.at(), "task", "TASK_REFUSED", r.taskName(), r.processInstanceId(), r.processDefinitionKey(),
                    r.taskDefinitionKey(), r.actor(), detail));
        }
        for (LedgerEntry e : rows) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("pool", e.poolId());
            detail.put("seq", e.seq());
            detail.put("kind", e.kind().name());
            detail.put("holder", e.holderId());
            detail.put("amount", e.amount());
            detail.put("availableAfter", e.availableAfter());
            detail.put("pendingAfter", e.pendingAfter());
            detail.put("holderHeldAfter", e.holderHeldAfter());
            detail.put("reason", e.reason());
            detail.put("proof", e.proof());
            detail.put("hash", e.hash());
            events.add(new TimelineEvent(e.createdAt(), "ledger", e.kind().name(), e.reason(), e.processInstanceId(), null, null,
                    e.actor(), detail));
        }
        for (TokenRecords.TokenRecord t : tokenRows) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("jti", t.jti());
            detail.put("typ", t.typ());
            detail.put("issuer", t.issuer());
            detail.put("audience", t.audience());
            detail.put("issuedAt", t.issuedAt());
            detail.put("expiresAt", t.expiresAt());
            detail.put("sha256", t.sha256());
            events.add(new TimelineEvent(t.recordedAt(), "token", "TOKEN_" + t.direction().name(), t.typ(), t.processInstanceId(),
                    null, null, t.direction() == TokenRecords.Direction.ISSUED ? t.issuer() : t.issuer(), detail));
        }
        events.sort(Comparator.comparing(TimelineEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Timeline(kind, id, processes, events, rows, tokenRows);
    }

    private void addProcessEvents(HistoricProcessInstance instance, List<HistoricActivityInstance> activities, List<TimelineEvent> events) {
        String pi = instance.getId();
        String key = instance.getProcessDefinitionKey();
        events.add(new TimelineEvent(instant(instance.getStartTime()), "process", "PROCESS_STARTED", key, pi, key, instance.getStartActivityId(),
                instance.getStartUserId(), Map.of("businessKey", String.valueOf(instance.getBusinessKey()))));
        for (HistoricActivityInstance a : activities) {
            if (a.getActivityType().equals("userTask")) {
                continue; // told below, with who and when
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("activityType", a.getActivityType());
            if (a.getEndTime() != null) {
                detail.put("endedAt", instant(a.getEndTime()));
            }
            if (a.isCanceled()) {
                detail.put("canceled", true);
            }
            events.add(new TimelineEvent(instant(a.getStartTime()), "process", "STEP", a.getActivityName() == null ? a.getActivityId()
                    : a.getActivityName(), pi, key, a.getActivityId(), null, detail));
        }
        Map<String, String> completedBy = new LinkedHashMap<>();
        for (UserOperationLogEntry op : history.createUserOperationLogQuery().processInstanceId(pi).list()) {
            if (UserOperationLogEntry.OPERATION_TYPE_COMPLETE.equals(op.getOperationType()) && op.getTaskId() != null) {
                completedBy.put(op.getTaskId(), op.getUserId());
            }
        }
        for (HistoricTaskInstance t : history.createHistoricTaskInstanceQuery().processInstanceId(pi).orderByHistoricActivityInstanceStartTime()
                .asc().list()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("taskId", t.getId());
            detail.put("createdAt", instant(t.getStartTime()));
            if (t.getEndTime() != null) {
                detail.put("endedAt", instant(t.getEndTime()));
            }
            detail.put("deleteReason", String.valueOf(t.getDeleteReason()));
            detail.put("candidateGroup", "operators");
            String who = completedBy.getOrDefault(t.getId(), t.getAssignee());
            events.add(new TimelineEvent(instant(t.getStartTime()), "task", "USER_TASK_CREATED", t.getName(), pi, key,
                    t.getTaskDefinitionKey(), null, detail));
            if (t.getEndTime() != null) {
                events.add(new TimelineEvent(instant(t.getEndTime()), "task",
                        "completed".equals(t.getDeleteReason()) ? "USER_TASK_COMPLETED" : "USER_TASK_ENDED", t.getName(), pi, key,
                        t.getTaskDefinitionKey(), who, Map.of("taskId", t.getId())));
            }
        }
        for (HistoricIncident incident : history.createHistoricIncidentQuery().processInstanceId(pi).list()) {
            events.add(new TimelineEvent(instant(incident.getCreateTime()), "incident", incident.isResolved() ? "INCIDENT_RESOLVED" : "INCIDENT_OPEN",
                    incident.getIncidentMessage(), pi, key, incident.getActivityId(), null, Map.of("incidentType", incident.getIncidentType())));
        }
        if (instance.getEndTime() != null) {
            events.add(new TimelineEvent(instant(instance.getEndTime()), "process", "PROCESS_ENDED", key, pi, key, instance.getEndActivityId(),
                    null, Map.of("state", instance.getState())));
        }
    }

    private static TimelineEvent operationEvent(EngineOperations.Row op, String processInstanceId, String processDefinitionKey) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("door", op.door());
        detail.put("method", op.method());
        detail.put("path", op.path());
        if (op.processDefinitionKey() != null) {
            detail.put("processDefinitionKey", op.processDefinitionKey());
        }
        return new TimelineEvent(op.at(), "operation", "ENGINE_OPERATION", op.operation(), processInstanceId, processDefinitionKey, null,
                op.user(), detail);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
