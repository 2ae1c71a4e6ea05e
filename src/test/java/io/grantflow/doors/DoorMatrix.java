package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The door matrix (docs/security.md): for each rule that guards a seat or a credit, each door a person can reach the
 * engine through, and each role, the attack that would break the rule at that door is made over real HTTP, then the
 * engine's due jobs run (as the job executor would), and the pool's balance, its ledger rows, the holder (activation
 * or assignment) and, for a refused request, the process's state are what they were. Admin, who holds the engine's
 * power, may get through the engine's door: then either the domain refused the step, or the ledger verifier reports
 * the difference.
 */
final class DoorMatrix {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Rule { OVERSPEND, FOUR_EYES, RECEIPT_BEFORE_IN_FLIGHT_FREED, REVOKE_KEY_BEFORE_CREDITS_RETURN, SAVE_ONCE, SEAT_RULES,
        DISCONNECT_PROOF_BEFORE_SEATS_RETURN }

    enum Door { REST, TASKLIST_FORM_SUBMIT, ENGINE_TASK_COMPLETE, MODIFICATION, MESSAGE_CORRELATION, JOB_EXECUTE, VARIABLE_WRITE, SUSPENSION }

    /** The operator goes last: an operator may legitimately finish a task the others would have tried. */
    static final List<String> ROLES = List.of("integrator", "auditor", "operator");

    private final int port;
    private final String engine;
    private final String adminPassword;
    private final Licenses licenses;
    private final Subscriptions subscriptions;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final TransactionTemplate tx;
    private final IdentityService identityService;
    private final Map<String, WebappSession> sessions = new TreeMap<>();

    /**
     * @param engine the engine's name in {@code /engine-rest/engine/{name}} and the webapps' API
     */
    DoorMatrix(int port, String engine, String adminPassword, ApplicationContext context) {
        this.port = port;
        this.engine = engine;
        this.adminPassword = adminPassword;
        this.licenses = context.getBean(Licenses.class);
        this.subscriptions = context.getBean(Subscriptions.class);
        this.runtime = context.getBean(RuntimeService.class);
        this.management = context.getBean(ManagementService.class);
        this.tasks = context.getBean(TaskService.class);
        this.tx = context.getBean(TransactionTemplate.class);
        this.identityService = context.getBean(IdentityService.class);
    }

    private String engine() {
        return engine;
    }

    private String adminPassword() {
        return adminPassword;
    }

    Http http() {
        return Http.at(port);
    }

    Http as(String role) {
        return role.equals("admin") ? http().as("admin", adminPassword()) : http().as(role);
    }

    /** One test per rule and door; each walks the three roles, then admin. */
    Stream<DynamicNode> cells() {
        return Arrays.stream(Rule.values()).map(rule -> DynamicContainer.dynamicContainer(rule.name(),
                Arrays.stream(Door.values()).map(door -> DynamicTest.dynamicTest(rule + " at " + door, () -> cell(rule, door)))));
    }

    private void cell(Rule rule, Door door) {
        Situation s = situation(rule);
        for (String role : ROLES) {
            State before = s.state();
            Http.Response answer = attack(s, door, role);
            drain(s);
            State after = s.state();
            String what = rule + " at " + door + " as " + role + ": " + answer;
            assertThat(after.domain()).as(what).isEqualTo(before.domain());
            assertThat(after.broken()).as(what).isEmpty();
            if (role.equals("operator") && s.rule != Rule.FOUR_EYES && answer != NO_OPEN_TASK
                    && (door == Door.TASKLIST_FORM_SUBMIT || door == Door.ENGINE_TASK_COMPLETE)) {
                // the task is offered to operators: the door itself lets them in, so what holds the rule is the domain
                assertThat(answer.status()).as("the operator's own task work gets through the door: " + what).isNotIn(401, 403);
            }
            if (answer.status() >= 400) {
                assertThat(answer.status()).as(what).isLessThan(500);
                assertThat(after.activities()).as("a refused request leaves the process where it was: " + what)
                        .isEqualTo(before.activities());
            } else {
                // Only an operator working a task offered to them gets through, and only as the task's own step.
                assertThat(role).as("only an operator's own task work is accepted: " + what).isEqualTo("operator");
                assertThat(door).as(what).isIn(Door.TASKLIST_FORM_SUBMIT, Door.ENGINE_TASK_COMPLETE);
            }
        }
        State before = s.state();
        Http.Response answer = attack(s, door, "admin");
        drain(s);
        State after = s.state();
        assertThat(answer.status()).as(rule + " at " + door + " as admin: " + answer).isLessThan(500);
        if (!after.domain().equals(before.domain())) {
            assertThat(after.broken()).as(rule + " at " + door + " as admin moved " + before.domain() + " to " + after.domain()
                    + " without the verifier reporting it (" + answer + ")").isNotEmpty();
        }
    }

    // ---- situations: a flow resting where the rule guards the next movement ------------------------------------

    /** A flow at rest, with what identifies its pool, its holder and its process instances. */
    final class Situation {
        final Rule rule;
        final String pool;
        final String holder;
        final boolean seats;
        String updateId;
        String fileJti;
        String connectionJti;
        EdgeKeyPair key;

        Situation(Rule rule, String pool, String holder, boolean seats) {
            this.rule = rule;
            this.pool = pool;
            this.holder = holder;
            this.seats = seats;
        }

        List<ProcessInstance> instances() {
            return runtime.createProcessInstanceQuery().processInstanceBusinessKey(holder).list();
        }

        // by key: a definition id longer than the engine's 64 characters is a bare UUID (remote-activation-disconnect's)
        ProcessInstance instance(String definitionKey) {
            return runtime.createProcessInstanceQuery().processInstanceBusinessKey(holder).processDefinitionKey(definitionKey).list()
                    .stream().findFirst().orElseThrow(() -> new AssertionError("no running " + definitionKey + " for " + holder));
        }

        /** The flow in which the rule's next step lies. */
        ProcessInstance flow() {
            if (rule == Rule.DISCONNECT_PROOF_BEFORE_SEATS_RETURN) {
                return instance("remote-activation-disconnect");
            }
            return instance(seats ? (updateId != null ? "remote-activation-update" : "remote-activation-add") : "credit-revoke");
        }

        Task task() {
            for (ProcessInstance pi : instances()) {
                List<Task> open = tasks.createTaskQuery().processInstanceId(pi.getId()).list();
                if (!open.isEmpty()) {
                    return open.get(0);
                }
            }
            return null;
        }

        State state() {
            Http auditor = http().as("auditor");
            Map<String, Object> domain = new LinkedHashMap<>();
            JsonNode p = auditor.get((seats ? "/api/v1/licenses/" : "/api/v1/subscriptions/") + pool).json();
            for (String f : List.of("total", "allocated", "assigned", "inFlight", "available")) {
                domain.put("pool." + f, p.path(f).asText());
            }
            JsonNode h = auditor.get((seats ? "/api/v1/remote-activations/" : "/api/v1/credit-assignments/") + holder).json();
            for (String f : seats ? List.of("state", "seats", "expiresAt", "inFlightSeats") : List.of("state", "credits", "downloaded")) {
                domain.put("holder." + f, h.path(f).asText());
            }
            domain.put("ledger.rows", auditor.get("/api/v1/audit/ledger?pool=" + pool).json().size());
            List<String> broken = new ArrayList<>();
            auditor.get("/api/v1/audit/ledger/verify").json().path("broken").forEach(b -> {
                if (b.toString().contains(pool) || b.toString().contains(holder)) {
                    broken.add(b.toString());
                }
            });
            Map<String, List<String>> activities = new TreeMap<>();
            for (ProcessInstance pi : instances()) {
                activities.put(pi.getProcessDefinitionId().split(":")[0],
                        runtime.getActiveActivityIds(pi.getId()).stream().sorted().toList());
            }
            return new State(domain, broken, activities);
        }
    }

    record State(Map<String, Object> domain, List<String> broken, Map<String, List<String>> activities) {
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    private Situation situation(Rule rule) {
        return switch (rule) {
            case OVERSPEND -> configureRefused(rule, 15, 10, Map.of("seats", 50));
            case SEAT_RULES -> configureRefused(rule, 100, 10, Map.of("seats", 10, "expiresAt", "2099-01-01T00:00:00Z"));
            case FOUR_EYES -> {
                Situation s = activeWithUpdate(rule, 20, 10);
                configure(s, Map.of("seats", 4));
                yield s;
            }
            case RECEIPT_BEFORE_IN_FLIGHT_FREED -> {
                Situation s = activeWithUpdate(rule, 20, 10);
                configure(s, Map.of("seats", 4));
                ok(http().as("operator2").postJson(update(s) + "/reduction-approval", Map.of("approved", true)));
                drain(s);
                followUpDue(s);
                yield s;
            }
            case SAVE_ONCE -> {
                Situation s = activeWithUpdate(rule, 30, 10);
                configure(s, Map.of("seats", 12));
                followUpDue(s);
                yield s;
            }
            case REVOKE_KEY_BEFORE_CREDITS_RETURN -> downloadedAndRevoking();
            case DISCONNECT_PROOF_BEFORE_SEATS_RETURN -> disconnectedAwaitingProof();
        };
    }

    private String license(long seats) {
        String id = "LIC-DOOR-" + UUID.randomUUID();
        tx.executeWithoutResult(t -> licenses.create(id, "ACME", seats, now().plus(Duration.ofDays(365)), "door-matrix"));
        return id;
    }

    /** An ACTIVE activation of {@code seats} from a license of {@code total}, with an update waiting for its seats. */
    private Situation activeWithUpdate(Rule rule, long total, long seats) {
        Situation s = active(rule, total, seats);
        String token = s.key.token("update+jwt", s.holder).issuedAt(now()).ttl(Duration.ofHours(24)).claim("seats", seats)
                .claim("license", s.pool).sign();
        s.updateId = ok(http().as("integrator").post("/api/v1/remote-activations/updates", "application/jwt", token)).json()
                .path("updateId").asText();
        return s;
    }

    /** An applied activation, disconnected: its seats wait in flight for the installation's disconnect proof. */
    private Situation disconnectedAwaitingProof() {
        Situation s = active(Rule.DISCONNECT_PROOF_BEFORE_SEATS_RETURN, 20, 10);
        s.connectionJti = currentJti(s);
        ok(http().as("operator").postJson("/api/v1/remote-activations/" + s.holder + "/disconnect", Map.of()));
        drain(s);
        assertThat(runtime.getActiveActivityIds(s.flow().getId())).as("the disconnect waits for the proof")
                .containsExactly("ReceiveTask_WaitForDisconnectProof");
        return s;
    }

    /** An ACTIVE activation of {@code seats} from a license of {@code total}: added, its receipt accepted. */
    private Situation active(Rule rule, long total, long seats) {
        String lic = license(total);
        EdgeKeyPair key = EdgeKeyPair.create("INST-DOOR-" + UUID.randomUUID());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installationId", key.id());
        body.put("installationKey", key.publicJwk());
        body.put("seats", seats);
        body.put("expiresAt", now().plus(Duration.ofDays(200)).toString());
        JsonNode added = ok(http().as("integrator").postJson("/api/v1/licenses/" + lic + "/remote-activations", body)).json();
        Situation s = new Situation(rule, lic, added.path("activationId").asText(), true);
        s.key = key;
        receipt(s);
        drain(s);
        return s;
    }

    private Situation configureRefused(Rule rule, long total, long seats, Map<String, Object> configuration) {
        Situation s = activeWithUpdate(rule, total, seats);
        // The refused configuration as an operator's Tasklist form sends it: the task comes back with the reason.
        Task task = s.task();
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("newSeats", ((Number) configuration.get("seats")).longValue());
        vars.put("newExpiresAt", configuration.getOrDefault("expiresAt", ""));
        identityService.setAuthentication("operator", List.of("operators"));
        try {
            tasks.complete(task.getId(), vars);
        } finally {
            identityService.clearAuthentication();
        }
        drain(s);
        assertThat(s.task()).as("the refused configuration brings the task back").isNotNull();
        return s;
    }

    private void configure(Situation s, Map<String, Object> body) {
        ok(http().as("operator").postJson(update(s) + "/seat-configuration", body));
        drain(s);
    }

    private String update(Situation s) {
        return "/api/v1/remote-activations/updates/" + s.updateId;
    }

    private void receipt(Situation s) {
        String jti = currentJti(s);
        String token = s.key.token("receipt+jwt", s.holder).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("connection_jti", jti).sign();
        ok(http().post("/api/v1/remote-activations/" + s.holder + "/receipts", "application/jwt", token));
    }

    private String currentJti(Situation s) {
        String token = ok(http().as("integrator").get("/api/v1/remote-activations/" + s.holder + "/connection-token")).body();
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The receipt follow-up's timer fires (setup, not a door): the operators get a task while seats wait. */
    private void followUpDue(Situation s) {
        Job timer = timer(s.flow().getId(), "Timer_ReceiptFollowUp");
        management.executeJob(timer.getId());
        drain(s);
    }

    private Situation downloadedAndRevoking() {
        String sub = "SUB-DOOR-" + UUID.randomUUID();
        Instant now = now();
        tx.executeWithoutResult(t -> subscriptions.create(sub, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 50, now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(365)), "door-matrix"));
        EdgeKeyPair key = EdgeKeyPair.create("pending");
        JsonNode linked = ok(http().as("operator").postJson("/api/v1/systems",
                Map.of("accountId", "ACME", "label", "Door matrix HOME", "systemKey", key.publicJwk()))).json();
        String systemId = linked.path("systemId").asText();
        JsonNode assigned = ok(http().as("integrator").postJson("/api/v1/systems/" + systemId + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 10))).json();
        Situation s = new Situation(Rule.REVOKE_KEY_BEFORE_CREDITS_RETURN, sub, assigned.path("assignmentId").asText(), false);
        s.key = key;
        drain(s);
        ok(http().as("operator").post("/api/v1/credit-assignments/" + s.holder + "/download", "application/json", ""));
        drain(s);
        s.fileJti = http().as("auditor").get("/api/v1/credit-assignments/" + s.holder).json().path("fileJti").asText();
        JsonNode revoke = ok(http().as("operator").postJson("/api/v1/credit-assignments/" + s.holder + "/revocations", Map.of())).json();
        drain(s);
        assertThat(revoke.path("status").asText()).isIn("AWAITING_REVOKE_KEY", "AWAITING_SYSTEM");
        // A disconnected system: the flow waits for the key an operator pastes.
        for (int i = 0; i < 3 && tasks.createTaskQuery().processInstanceBusinessKey(s.holder).taskDefinitionKey("UserTask_EnterRevokeKey").count() == 0; i++) {
            Job silent = timer(s.instance("credit-revoke").getId(), "Timer_SystemSilent");
            management.executeJob(silent.getId());
            drain(s);
        }
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(s.holder).taskDefinitionKey("UserTask_EnterRevokeKey").count())
                .as("the revoke waits for a pasted key").isOne();
        return s;
    }

    // ---- the attacks ---------------------------------------------------------------------------------------------

    private Http.Response attack(Situation s, Door door, String role) {
        return switch (door) {
            case REST -> rest(s, role);
            case TASKLIST_FORM_SUBMIT -> {
                Task task = s.task();
                yield task == null ? NO_OPEN_TASK : session(role).engine("POST", "/task/" + task.getId() + "/submit-form",
                        json(Map.of("variables", typed(taskVariables(s)))));
            }
            case ENGINE_TASK_COMPLETE -> {
                Task task = s.task();
                yield task == null ? NO_OPEN_TASK : as(role).postJson(engineRest("/task/" + task.getId() + "/complete"),
                        Map.of("variables", typed(taskVariables(s))));
            }
            case MODIFICATION -> modify(s, role);
            case MESSAGE_CORRELATION -> as(role).postJson(engineRest("/message"), correlation(s));
            case JOB_EXECUTE -> {
                Job job = timer(timerInstance(s), timerOf(s));
                yield as(role).post(engineRest("/job/" + job.getId() + "/execute"), "application/json", "");
            }
            case VARIABLE_WRITE -> {
                Map.Entry<String, Object> v = taskVariables(s).entrySet().iterator().next();
                yield send(as(role).builder(engineRest("/process-instance/" + s.flow().getId() + "/variables/" + v.getKey()))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json(typedValue(v.getValue())))), as(role));
            }
            case SUSPENSION -> send(as(role).builder(engineRest("/process-instance/" + timerInstance(s) + "/suspended"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"suspended\":true}")), as(role));
        };
    }

    /** The door is closed for everyone once an operator finished the flow's only task: nothing to attack there. */
    private static final Http.Response NO_OPEN_TASK = new Http.Response(404, "", "no open task left in the flow", null);

    private Http.Response rest(Situation s, String role) {
        Http http = as(role);
        return switch (s.rule) {
            case OVERSPEND -> http.postJson(update(s) + "/seat-configuration", Map.of("seats", 50));
            case SEAT_RULES -> http.postJson(update(s) + "/seat-configuration", Map.of("seats", 10, "expiresAt", "2099-01-01T00:00:00Z"));
            case FOUR_EYES -> http.postJson(update(s) + "/reduction-approval", Map.of("approved", true));
            case SAVE_ONCE -> http.postJson(update(s) + "/seat-configuration", Map.of("seats", 50));
            case RECEIPT_BEFORE_IN_FLIGHT_FREED -> {
                // a receipt for the newest connection token, but signed by a key that is not the installation's
                EdgeKeyPair forger = EdgeKeyPair.create(s.key.id());
                yield http.post("/api/v1/remote-activations/" + s.holder + "/receipts", "application/jwt",
                        forger.token("receipt+jwt", s.holder).issuedAt(now()).ttl(Duration.ofMinutes(5))
                                .claim("connection_jti", currentJti(s)).sign());
            }
            case DISCONNECT_PROOF_BEFORE_SEATS_RETURN -> {
                // a proof for the newest connection token, but signed by a key that is not the installation's
                EdgeKeyPair forger = EdgeKeyPair.create(s.key.id());
                yield http.post("/api/v1/remote-activations/" + s.holder + "/disconnect-proofs", "application/jwt",
                        forger.token("disconnect+jwt", s.holder).issuedAt(now()).ttl(Duration.ofDays(1))
                                .claim("connection_jti", s.connectionJti).sign());
            }
            case REVOKE_KEY_BEFORE_CREDITS_RETURN -> {
                EdgeKeyPair forger = EdgeKeyPair.create("SYS-FORGER");
                yield http.postJson("/api/v1/credit-assignments/" + s.holder + "/revocations", Map.of("revokeKey",
                        forger.token("revoke+jwt", s.holder).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("file_jti", s.fileJti).sign()));
            }
        };
    }

    /** What a form (or a hand-made request) would send to break the rule, first the variable that matters most. */
    private Map<String, Object> taskVariables(Situation s) {
        Map<String, Object> vars = new LinkedHashMap<>();
        switch (s.rule) {
            case OVERSPEND, SAVE_ONCE -> {
                vars.put("newSeats", 50L);
                vars.put("newExpiresAt", "");
            }
            case SEAT_RULES -> {
                vars.put("newExpiresAt", "2099-01-01T00:00:00Z");
                vars.put("newSeats", 10L);
            }
            case FOUR_EYES -> vars.put("approved", true);
            case RECEIPT_BEFORE_IN_FLIGHT_FREED -> vars.put("receiptJti", "forged-" + UUID.randomUUID());
            case REVOKE_KEY_BEFORE_CREDITS_RETURN -> vars.put("revokeKey", "forged");
            case DISCONNECT_PROOF_BEFORE_SEATS_RETURN -> vars.put("disconnectProofJti", "forged-" + UUID.randomUUID());
        }
        if (s.rule == Rule.RECEIPT_BEFORE_IN_FLIGHT_FREED || s.rule == Rule.SAVE_ONCE) {
            vars.put("followUpNote", "door matrix");
        }
        return vars;
    }

    private Http.Response modify(Situation s, String role) {
        ProcessInstance pi = s.rule == Rule.REVOKE_KEY_BEFORE_CREDITS_RETURN ? s.instance("credit-assignment") : s.flow();
        List<Map<String, Object>> instructions = new ArrayList<>();
        switch (s.rule) {
            case OVERSPEND, SEAT_RULES -> {
                instructions.add(Map.of("type", "cancel", "activityId", "UserTask_ConfigureSeats"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveConfiguration"));
            }
            case FOUR_EYES -> {
                instructions.add(Map.of("type", "cancel", "activityId", "UserTask_ConfirmReduction"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "Task_SaveConfiguration"));
            }
            case RECEIPT_BEFORE_IN_FLIGHT_FREED -> {
                instructions.add(Map.of("type", "cancel", "activityId", "ReceiveTask_WaitForReceipt"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "Task_ApplyReceipt",
                        "variables", typed(Map.of("receiptJti", "forged-" + UUID.randomUUID()))));
            }
            case SAVE_ONCE -> {
                instructions.add(Map.of("type", "cancel", "activityId", "ReceiveTask_WaitForReceipt"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "UserTask_ConfigureSeats"));
            }
            case DISCONNECT_PROOF_BEFORE_SEATS_RETURN -> {
                instructions.add(Map.of("type", "cancel", "activityId", "ReceiveTask_WaitForDisconnectProof"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "Task_ReleaseSeatsOnProof",
                        "variables", typed(Map.of("disconnectProofJti", "forged-" + UUID.randomUUID()))));
            }
            case REVOKE_KEY_BEFORE_CREDITS_RETURN -> {
                instructions.add(Map.of("type", "cancel", "activityId", "Gateway_AwaitEnd"));
                instructions.add(Map.of("type", "startBeforeActivity", "activityId", "Task_ExpireCredits"));
            }
        }
        Http.Response answer = as(role).postJson(engineRest("/process-instance/" + pi.getId() + "/modification"),
                Map.of("instructions", instructions, "skipCustomListeners", false, "skipIoMappings", false));
        if (answer.status() < 300 && s.rule == Rule.SAVE_ONCE) {
            // The seat-minting attack goes on: configure again, more seats, as the one who got the task back.
            Task again = tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("UserTask_ConfigureSeats").singleResult();
            if (again != null) {
                as(role).postJson(engineRest("/task/" + again.getId() + "/complete"),
                        Map.of("variables", typed(Map.of("newSeats", 50L, "newExpiresAt", ""))));
            }
        }
        return answer;
    }

    private Map<String, Object> correlation(Situation s) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (s.rule == Rule.DISCONNECT_PROOF_BEFORE_SEATS_RETURN) {
            body.put("messageName", "DisconnectProofAccepted");
            body.put("processInstanceId", s.flow().getId());
            body.put("processVariables", typed(Map.of("disconnectProofJti", "forged-" + UUID.randomUUID())));
        } else if (s.seats) {
            body.put("messageName", "ConnectionTokenApplied");
            body.put("processInstanceId", s.flow().getId());
            body.put("processVariables", typed(Map.of("receiptJti", "forged-" + UUID.randomUUID())));
        } else {
            body.put("messageName", "CreditsReturned");
            body.put("processInstanceId", s.instance("credit-assignment").getId());
        }
        return body;
    }

    private String timerInstance(Situation s) {
        return s.seats ? s.flow().getId() : s.instance("credit-assignment").getId();
    }

    private String timerOf(Situation s) {
        return switch (s.rule) {
            case OVERSPEND, SEAT_RULES -> "Timer_UpdateTokenExpired";
            case FOUR_EYES -> "Timer_ApprovalExpired";
            case RECEIPT_BEFORE_IN_FLIGHT_FREED, SAVE_ONCE -> "Timer_OldActivationExpired";
            case REVOKE_KEY_BEFORE_CREDITS_RETURN -> "Timer_AutoRevoke";
            case DISCONNECT_PROOF_BEFORE_SEATS_RETURN -> "Timer_HeldTokensExpired";
        };
    }

    private Job timer(String processInstanceId, String activityId) {
        return management.createJobQuery().processInstanceId(processInstanceId).timers().list().stream()
                .filter(j -> activityId.equals(activityOf(j))).findFirst()
                .orElseThrow(() -> new AssertionError("no timer " + activityId + " in " + processInstanceId));
    }

    private String activityOf(Job job) {
        return management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult().getActivityId();
    }

    /** Runs the due jobs of the situation's flows, as the job executor would; a step that fails keeps failing into an incident. */
    private void drain(Situation s) {
        for (int round = 0; round < 12; round++) {
            Set<String> ids = new java.util.HashSet<>();
            s.instances().forEach(pi -> ids.add(pi.getId()));
            List<Job> due = management.createJobQuery().executable().list().stream()
                    .filter(j -> ids.contains(j.getProcessInstanceId()) && !j.isSuspended()).toList();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException refused) {
                    // the step refused: its job keeps its retries count down, then becomes an incident
                }
            }
        }
    }

    // ---- HTTP plumbing -------------------------------------------------------------------------------------------

    private String engineRest(String path) {
        return "/engine-rest/engine/" + engine() + path;
    }

    private static Http.Response ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r;
    }

    private static Http.Response send(HttpRequest.Builder b, Http http) {
        return http.send(b);
    }

    private static Map<String, Object> typed(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> out.put(k, typedValue(v)));
        return out;
    }

    private static Map<String, Object> typedValue(Object v) {
        String type = v instanceof Long ? "Long" : v instanceof Boolean ? "Boolean" : "String";
        return Map.of("value", v, "type", type);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tasklist for operators, Cockpit for auditors and admin; integrators may use no webapp, so theirs is not signed in. */
    private WebappSession session(String role) {
        return sessions.computeIfAbsent(role, r -> switch (r) {
            case "integrator" -> WebappSession.anonymous(port, engine, "tasklist");
            case "operator" -> WebappSession.login(port, engine, "tasklist", r, r);
            default -> WebappSession.login(port, engine, "cockpit", r, r.equals("admin") ? adminPassword : r);
        });
    }
}
