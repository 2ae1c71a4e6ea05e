package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account dimension of the door matrix: ACME's admin walks every journey of its account over HTTP (each step
 * passes); then GLOBEX's admin, a GLOBEX-bound API token and GLOBEX's webapps session try each of ACME's objects and
 * each of those steps at Grantflow's API, the desk, the webapps' engine API and {@code /engine-rest}: every answer is
 * the one a missing id gets ({@code 404 not-found}, the same words with the id), and balances, ledger, flows and tasks
 * are what they were.
 */
final class AccountIsolation {

    private final int port;
    private final String engine;
    private final String adminPassword;
    private final Licenses licenses;
    private final Subscriptions subscriptions;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final TransactionTemplate tx;

    /** ACME's objects, made by ACME's admin. */
    String license;
    String subscription;
    String activation;
    String update;
    String system;
    String assignment;
    EdgeKeyPair installation;
    String processOfActivation;

    AccountIsolation(int port, String engine, String adminPassword, ApplicationContext context) {
        this.port = port;
        this.engine = engine;
        this.adminPassword = adminPassword;
        this.licenses = context.getBean(Licenses.class);
        this.subscriptions = context.getBean(Subscriptions.class);
        this.runtime = context.getBean(RuntimeService.class);
        this.management = context.getBean(ManagementService.class);
        this.tasks = context.getBean(TaskService.class);
        this.tx = context.getBean(TransactionTemplate.class);
    }

    String adminPassword() {
        return adminPassword;
    }

    Http http() {
        return Http.at(port);
    }

    Http acme() {
        return http().as("acme-admin");
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- ACME's own journeys -----------------------------------------------------------------------------------

    /** ACME's whole walk, every step of both journeys: add, connection token, update, seats, link, assign, file, revoke. */
    void walk() {
        acmePools();
        addActivation();
        receipt(downloadConnectionToken());
        uploadUpdateToken();
        configureSeats();
        receipt(downloadUpdatedConnectionToken());
        linkSystem();
        assign();
        downloadCreditFile();
        revoke();
    }

    void acmePools() {
        license = "LIC-ACME-" + UUID.randomUUID();
        subscription = "SUB-ACME-" + UUID.randomUUID();
        Instant now = now();
        tx.executeWithoutResult(t -> {
            licenses.create(license, "ACME", 30, now.plus(Duration.ofDays(365)), "account-isolation");
            subscriptions.create(subscription, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 50, now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(365)), "account-isolation");
        });
    }

    void addActivation() {
        installation = EdgeKeyPair.create("INST-ACME-" + UUID.randomUUID());
        JsonNode added = ok(acme().postJson("/api/v1/licenses/" + license + "/remote-activations", addBody(installation))).json();
        activation = added.path("activationId").asText();
        processOfActivation = added.path("processInstanceId").asText();
        drain();
    }

    static Map<String, Object> addBody(EdgeKeyPair key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installationId", key.id());
        body.put("installationKey", key.publicJwk());
        body.put("seats", 10);
        body.put("expiresAt", Instant.now().plus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS).toString());
        return body;
    }

    String downloadConnectionToken() {
        Http.Response token = ok(acme().get("/api/v1/remote-activations/" + activation + "/connection-token"));
        assertThat(token.body()).as("a compact JWS").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return token.body();
    }

    /** The installation applies the connection token and sends its receipt (the edge's door, no login). */
    void receipt(String connectionToken) {
        String jti = jti(connectionToken);
        ok(http().post("/api/v1/remote-activations/" + activation + "/receipts", "application/jwt",
                installation.token("receipt+jwt", activation).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("connection_jti", jti).sign()));
        drain();
        assertThat(acme().get("/api/v1/remote-activations/" + activation).json().path("state").asText()).isEqualTo("ACTIVE");
    }

    String updateToken() {
        return installation.token("update+jwt", activation).issuedAt(now()).ttl(Duration.ofHours(24)).claim("seats", 10)
                .claim("license", license).sign();
    }

    void uploadUpdateToken() {
        update = ok(acme().post("/api/v1/remote-activations/updates", "application/jwt", updateToken())).json().path("updateId").asText();
        drain();
    }

    void configureSeats() {
        JsonNode configured = ok(acme().postJson("/api/v1/remote-activations/updates/" + update + "/seat-configuration",
                Map.of("seats", 12))).json();
        assertThat(configured.path("configuredBy").asText()).as("the actor is the customer's person").isEqualTo("acme-admin");
        drain();
    }

    String downloadUpdatedConnectionToken() {
        Http.Response token = ok(acme().get("/api/v1/remote-activations/updates/" + update + "/connection-token"));
        assertThat(token.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return token.body();
    }

    void linkSystem() {
        system = ok(acme().postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "ACME HOME",
                "systemKey", EdgeKeyPair.create("pending").publicJwk()))).json().path("systemId").asText();
    }

    void assign() {
        assignment = ok(acme().postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", subscription, "credits", 10))).json().path("assignmentId").asText();
        drain();
    }

    void downloadCreditFile() {
        Http.Response file = ok(acme().post("/api/v1/credit-assignments/" + assignment + "/download", "application/json", ""));
        assertThat(file.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        drain();
        assertThat(ok(acme().get("/api/v1/credit-assignments/" + assignment + "/credit-file")).body()).isEqualTo(file.body());
    }

    void revoke() {
        JsonNode revoked = ok(acme().postJson("/api/v1/credit-assignments/" + assignment + "/revocations", Map.of())).json();
        assertThat(revoked.path("status").asText()).isIn("AWAITING_REVOKE_KEY", "AWAITING_SYSTEM", "RETURNED");
        drain();
    }

    // ---- GLOBEX against ACME ---------------------------------------------------------------------------------------

    /** A request GLOBEX makes, with the id it names; run again with a made-up id, it shows what a missing object answers. */
    record Attack(String name, Function<String, Http.Response> send, String id) {
    }

    /** Every read and write of Grantflow's API on ACME's objects, each naming one of them. */
    List<Attack> apiAttacks(Http globex, String globexSystem) {
        List<Attack> attacks = new ArrayList<>();
        attacks.add(new Attack("read the license", id -> globex.get("/api/v1/licenses/" + id), license));
        attacks.add(new Attack("add an activation", id -> globex.postJson("/api/v1/licenses/" + id + "/remote-activations",
                addBody(EdgeKeyPair.create("INST-GLOBEX-" + UUID.randomUUID()))), license));
        attacks.add(new Attack("read the activation", id -> globex.get("/api/v1/remote-activations/" + id), activation));
        attacks.add(new Attack("download its connection token", id -> globex.get("/api/v1/remote-activations/" + id + "/connection-token"),
                activation));
        attacks.add(new Attack("disconnect it", id -> globex.postJson("/api/v1/remote-activations/" + id + "/disconnect", Map.of()),
                activation));
        attacks.add(new Attack("upload its update token", id -> globex.post("/api/v1/remote-activations/updates", "application/jwt",
                installation.token("update+jwt", id).issuedAt(now()).ttl(Duration.ofHours(24)).claim("seats", 10)
                        .claim("license", license).sign()), activation));
        attacks.add(new Attack("read the update", id -> globex.get("/api/v1/remote-activations/updates/" + id), update));
        attacks.add(new Attack("configure seats", id -> globex.postJson("/api/v1/remote-activations/updates/" + id + "/seat-configuration",
                Map.of("seats", 30)), update));
        attacks.add(new Attack("approve a reduction", id -> globex.postJson("/api/v1/remote-activations/updates/" + id + "/reduction-approval",
                Map.of("approved", true)), update));
        attacks.add(new Attack("download the update's connection token",
                id -> globex.get("/api/v1/remote-activations/updates/" + id + "/connection-token"), update));
        attacks.add(new Attack("read the system", id -> globex.get("/api/v1/systems/" + id), system));
        attacks.add(new Attack("link a system to the account", id -> globex.postJson("/api/v1/systems", Map.of("accountId", id,
                "label", "GLOBEX's", "systemKey", EdgeKeyPair.create("pending").publicJwk())), "ACME"));
        attacks.add(new Attack("assign from its system", id -> globex.postJson("/api/v1/systems/" + id + "/credit-assignments",
                Map.of("subscriptionId", "SUB-GLOBEX", "credits", 1)), system));
        attacks.add(new Attack("assign its subscription to a GLOBEX system", id -> globex.postJson("/api/v1/systems/" + globexSystem
                + "/credit-assignments", Map.of("subscriptionId", id, "credits", 1)), subscription));
        attacks.add(new Attack("read the subscription", id -> globex.get("/api/v1/subscriptions/" + id), subscription));
        attacks.add(new Attack("read the assignment", id -> globex.get("/api/v1/credit-assignments/" + id), assignment));
        attacks.add(new Attack("download the credit file", id -> globex.post("/api/v1/credit-assignments/" + id + "/download",
                "application/json", ""), assignment));
        attacks.add(new Attack("read the credit file", id -> globex.get("/api/v1/credit-assignments/" + id + "/credit-file"), assignment));
        attacks.add(new Attack("revoke", id -> globex.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of()), assignment));
        return attacks;
    }

    /** The desk's pages of ACME's objects, in GLOBEX's admin's webapps session. */
    List<Attack> deskAttacks(WebappSession globex) {
        String csrf = WebappSession.csrf(globex.page("/desk/accounts/GLOBEX/activations/new"));
        return List.of(
                new Attack("desk account page", id -> globex.page("/desk/accounts/" + id), "ACME"),
                new Attack("desk Manage Activations", id -> globex.page("/desk/accounts/" + id + "/activations"), "ACME"),
                new Attack("desk Manage Activations of its license", id -> globex.page("/desk/accounts/GLOBEX/activations?license=" + id), license),
                new Attack("desk Add new form", id -> globex.page("/desk/accounts/" + id + "/activations/new"), "ACME"),
                new Attack("desk Add new", id -> globex.form("/desk/accounts/" + id + "/activations", Map.of("_csrf", csrf,
                        "license", license, "installationId", "INST-GLOBEX-" + UUID.randomUUID(), "seats", "1")), "ACME"),
                new Attack("desk Update Remote Activation", id -> globex.page("/desk/activations/" + id + "/update"), activation),
                new Attack("desk update token upload", id -> globex.form("/desk/activations/" + id + "/updates",
                        Map.of("_csrf", csrf, "updateToken", "not-a-token")), activation),
                new Attack("desk Configure Remote Activation", id -> globex.page("/desk/updates/" + id), update),
                new Attack("desk Save of the seats", id -> globex.form("/desk/updates/" + id + "/seats",
                        Map.of("_csrf", csrf, "seats", "1", "reductionConfirmed", "yes")), update),
                new Attack("desk approval of a reduction", id -> globex.form("/desk/updates/" + id + "/approval",
                        Map.of("_csrf", csrf, "approved", "yes")), update),
                new Attack("desk Disconnect question", id -> globex.page("/desk/activations/" + id + "/disconnect"), activation),
                new Attack("desk Disconnect", id -> globex.form("/desk/activations/" + id + "/disconnect", Map.of("_csrf", csrf)), activation),
                new Attack("desk connection token QR code", id -> globex.page("/desk/activations/" + id + "/connection-token.png"), activation),
                new Attack("desk license page", id -> globex.page("/desk/licenses/" + id), license),
                new Attack("desk activation page", id -> globex.page("/desk/activations/" + id), activation),
                new Attack("desk connection token", id -> globex.page("/desk/activations/" + id + "/connection-token"), activation),
                new Attack("desk system page", id -> globex.page("/desk/systems/" + id), system),
                new Attack("desk assignment page", id -> globex.page("/desk/credit-assignments/" + id), assignment),
                new Attack("desk credit file", id -> globex.page("/desk/credit-assignments/" + id + "/credit-file"), assignment));
    }

    /** Each attack answers exactly what the same request naming a missing id answers: 404 not-found, the same words. */
    void refusedAsMissing(String who, List<Attack> attacks) {
        for (Attack attack : attacks) {
            State before = state();
            Http.Response answer = attack.send().apply(attack.id());
            drain();
            State after = state();
            String what = who + ": " + attack.name() + " of " + attack.id() + ": " + answer;
            assertThat(after).as("nothing changes: " + what).isEqualTo(before);
            String missing = attack.id().startsWith("ACME") ? "NO-SUCH-ACCOUNT" : "NO-SUCH-" + UUID.randomUUID();
            Http.Response asMissing = attack.send().apply(missing);
            assertThat(answer.status()).as(what + " vs a missing id's " + asMissing).isEqualTo(asMissing.status());
            assertThat(answer.code()).as(what + " vs a missing id's " + asMissing).isEqualTo(asMissing.code());
            if (answer.code() != null) {
                assertThat(words(answer, attack.id())).as(what).isEqualTo(words(asMissing, missing));
            }
            if (!attack.name().equals("upload its update token")) {
                assertThat(answer.status()).as(what).isEqualTo(404);
                assertThat(answer.code()).as(what).isEqualTo("not-found");
            }
        }
    }

    private static String words(Http.Response answer, String id) {
        return answer.json().path("detail").asText().replace(id, "{id}");
    }

    /** The engine's doors answer a customer 404 not-found, whatever it names: ACME's flow or a missing one. */
    void engineDoorsClosed(String who, Http http, WebappSession session) {
        State before = state();
        List<Http.Response> answers = new ArrayList<>();
        String rest = "/engine-rest/engine/" + engine;
        if (http != null) {
            answers.add(http.get(rest + "/process-instance/" + processOfActivation));
            answers.add(http.get(rest + "/process-instance/" + processOfActivation + "/variables"));
            answers.add(http.get(rest + "/task?processInstanceBusinessKey=" + activation));
            answers.add(http.get(rest + "/process-instance/NO-SUCH-" + UUID.randomUUID()));
            answers.add(http.postJson(rest + "/message", Map.of("messageName", "ConnectionTokenApplied", "processInstanceId", processOfActivation)));
            answers.add(http.postJson(rest + "/process-instance/" + processOfActivation + "/modification", Map.of("instructions",
                    List.of(Map.of("type", "cancel", "activityId", "ReceiveTask_WaitForReceipt")))));
        }
        if (session != null) {
            answers.add(session.engine("GET", "/process-instance/" + processOfActivation, null));
            answers.add(session.engine("GET", "/task?processInstanceBusinessKey=" + activation, null));
            answers.add(session.engine("POST", "/process-instance/" + processOfActivation + "/variables",
                    "{\"modifications\":{\"seats\":{\"value\":99,\"type\":\"Long\"}}}"));
            answers.add(session.engine("GET", "/process-instance/NO-SUCH-" + UUID.randomUUID(), null));
        }
        drain();
        for (Http.Response answer : answers) {
            assertThat(answer.status()).as(who + " at an engine door: " + answer).isEqualTo(404);
            assertThat(answer.code()).as(who + " at an engine door: " + answer).isEqualTo("not-found");
        }
        assertThat(state()).as(who + " at the engine's doors changes nothing").isEqualTo(before);
    }

    // ---- what must not change ------------------------------------------------------------------------------------

    record State(Map<String, Object> domain, Map<String, List<String>> activities, long tasks) {
    }

    /** Balances, ledger rows, ACME's objects as the vendor's auditor reads them, the flows' activities and tasks. */
    State state() {
        Http auditor = http().as("auditor");
        Map<String, Object> domain = new TreeMap<>();
        domain.put("license", strip(auditor.get("/api/v1/licenses/" + license).body()));
        domain.put("subscription", strip(auditor.get("/api/v1/subscriptions/" + subscription).body()));
        domain.put("ledger.license", auditor.get("/api/v1/audit/ledger?pool=" + license).json().size());
        domain.put("ledger.subscription", auditor.get("/api/v1/audit/ledger?pool=" + subscription).json().size());
        domain.put("ledger.globex", auditor.get("/api/v1/audit/ledger?pool=SUB-GLOBEX").json().size());
        if (activation != null) {
            domain.put("activation", auditor.get("/api/v1/remote-activations/" + activation).body());
        }
        if (update != null) {
            domain.put("update", auditor.get("/api/v1/remote-activations/updates/" + update).body());
        }
        if (system != null) {
            domain.put("system", strip(auditor.get("/api/v1/systems/" + system).body()));
        }
        if (assignment != null) {
            domain.put("assignment", auditor.get("/api/v1/credit-assignments/" + assignment).body());
        }
        domain.put("globex.systems", http().as("operator").get("/api/v1/licenses/LIC-GLOBEX").body());
        Map<String, List<String>> activities = new TreeMap<>();
        for (ProcessInstance pi : instances()) {
            activities.put(pi.getId(), runtime.getActiveActivityIds(pi.getId()).stream().sorted().toList());
        }
        long open = tasks.createTaskQuery().count();
        return new State(domain, activities, open);
    }

    /** Online and last-seen move with the clock, not with a request. */
    private static String strip(String body) {
        return body.replaceAll("\"(online|lastSeenAt|warning|shownWarning)\":[^,}]*", "");
    }

    private List<ProcessInstance> instances() {
        List<ProcessInstance> all = new ArrayList<>();
        for (String key : new String[] {activation, assignment}) {
            if (key != null) {
                all.addAll(runtime.createProcessInstanceQuery().processInstanceBusinessKey(key).list());
            }
        }
        return all;
    }

    /** Runs the due jobs of ACME's flows, as the job executor would. */
    void drain() {
        for (int round = 0; round < 12; round++) {
            Set<String> ids = new HashSet<>();
            instances().forEach(pi -> ids.add(pi.getId()));
            List<Job> due = management.createJobQuery().executable().list().stream()
                    .filter(j -> ids.contains(j.getProcessInstanceId()) && !j.isSuspended()).toList();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException refused) {
                    // a step that refuses keeps its retries count down, as with the job executor
                }
            }
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** A GLOBEX-bound token, issued by the vendor's administrator. */
    String globexToken() {
        JsonNode issued = ok(http().as("admin", adminPassword).postJson("/api/v1/admin/api-tokens", Map.of("clientId", "globex-portal",
                "group", "customer-admin", "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString(), "accountId", "GLOBEX"))).json();
        assertThat(issued.path("accountId").asText()).isEqualTo("GLOBEX");
        return issued.path("token").asText();
    }

    static Http.Response ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r;
    }

    static String jti(String compact) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(compact).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
