package io.grantflow.bench;

import io.grantflow.shared.GroupRoles;

import io.grantflow.account.Accounts;
import io.grantflow.activation.InProcessActivations;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.InProcessCredits;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.protocol.Claims;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.protocol.TokenType;
import io.grantflow.edge.CallIns;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.identity.User;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grantflow's flows as the bench drives them: the same service calls, in the same transactions, as the REST
 * controllers make (or the controller itself where it composes several), as a signed-in operator.
 */
final class Flows {

    static final String USER = "benchoperator";
    static final long POOL = 1_000_000_000L;
    /** How long the edge tokens the bench signs are valid: they are handed in at once. */
    static final Duration EDGE_TOKEN_TTL = Duration.ofMinutes(5);

    /** One account's subscriptions and systems; a flow only pairs a system and a subscription of one account. */
    record Account(String id, List<String> subscriptions, List<EdgeTokenSigner> online, List<EdgeTokenSigner> offline) {
        String subscription() {
            return subscriptions.get(ThreadLocalRandom.current().nextInt(subscriptions.size()));
        }

        EdgeTokenSigner onlineSystem() {
            return online.get(ThreadLocalRandom.current().nextInt(online.size()));
        }

        EdgeTokenSigner offlineSystem() {
            return offline.get(ThreadLocalRandom.current().nextInt(offline.size()));
        }
    }

    final ApplicationContext context;
    final TransactionTemplate tx;
    final JdbcTemplate jdbc;
    final Clock clock;
    final Authentication user;
    final String password = UUID.randomUUID().toString();
    final String issuer;
    private final InProcessCredits credits;
    private final InProcessActivations activations;
    final List<Account> accounts = new ArrayList<>();
    /** Time spent per step of the cycles (warm-up included): where a cycle's time goes. */
    final Map<String, java.util.concurrent.atomic.LongAdder[]> steps = new java.util.concurrent.ConcurrentHashMap<>();
    Account contended;
    String license;
    int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CallIns callIns;
    /** The call-in workloads' HOME systems: these call in quiet (nothing waits for them)… */
    final List<EdgeTokenSigner> callInSystems = new ArrayList<>();
    /** …and these busy, each with a file waiting, in turns (enough for a round at the fastest rate). */
    final List<EdgeTokenSigner> busySystems = new ArrayList<>();
    private Account callInAccount;
    private volatile List<EdgeTokenSigner> busyQueue = List.of();
    private final AtomicInteger busyNext = new AtomicInteger();
    private int busyCursor;

    Flows(ApplicationContext context) {
        this.context = context;
        this.tx = context.getBean(TransactionTemplate.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.clock = context.getBean(Clock.class);
        this.issuer = context.getEnvironment().getProperty("grantflow.issuer", "grantflow");
        this.user = UsernamePasswordAuthenticationToken.authenticated(USER, null,
                GroupRoles.roles(List.of("operators", "integrators")));
        this.credits = new InProcessCredits(context);
        this.activations = new InProcessActivations(context);
        this.callIns = context.getBean(CallIns.class);
    }

    // --- fixtures ------------------------------------------------------------------------------------------

    /** An operator who may also call the REST API (Basic auth against Camunda's identity service). */
    void createUser() {
        ProcessEngineConfigurationImpl engine = (ProcessEngineConfigurationImpl) context.getBean(ProcessEngine.class)
                .getProcessEngineConfiguration();
        IdentityService identity = context.getBean(IdentityService.class);
        // Without the user's default authorizations (it needs none): creating them failed on a fresh H2 database here.
        engine.setAuthorizationEnabled(false);
        try {
            User u = identity.newUser(USER);
            u.setPassword(password);
            u.setFirstName("Bench");
            u.setLastName("Operator");
            identity.saveUser(u);
            identity.createMembership(USER, "operators");
            identity.createMembership(USER, "integrators");
        } finally {
            engine.setAuthorizationEnabled(true);
        }
    }

    /** Accounts with big pools, online systems (they called in) and offline ones; one account for the contended pool. */
    void createAccounts(int count, int subscriptionsEach, int systemsEach) {
        for (int i = 0; i < count; i++) {
            accounts.add(account("BENCH-" + i, subscriptionsEach, systemsEach));
        }
        contended = account("BENCH-CONTENDED", 1, systemsEach);
        license = "LIC-BENCH";
        context.getBean(Licenses.class).create(license, accounts.get(0).id(), 90_000_000L,
                clock.instant().plus(Duration.ofDays(400)), USER);
    }

    private Account account(String id, int subscriptionsEach, int systemsEach) {
        context.getBean(Accounts.class).create(id, "Bench " + id);
        Instant now = clock.instant();
        List<String> subs = new ArrayList<>();
        for (int s = 0; s < subscriptionsEach; s++) {
            String sub = id + "-SUB-" + s;
            context.getBean(Subscriptions.class).create(sub, id, "ANNUAL", SubscriptionState.ACTIVE, POOL,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), USER);
            subs.add(sub);
        }
        List<EdgeTokenSigner> online = new ArrayList<>();
        List<EdgeTokenSigner> offline = new ArrayList<>();
        for (int s = 0; s < systemsEach; s++) {
            online.add(link(id, id + "-ON-" + s));
            offline.add(link(id, id + "-OFF-" + s));
        }
        return new Account(id, subs, online, offline);
    }

    private EdgeTokenSigner link(String accountId, String systemId) {
        EdgeTokenSigner edge = new EdgeTokenSigner(systemId, issuer, EdgeTokenSigner.newKey());
        tx.executeWithoutResult(s -> credits.link(systemId, accountId, "bench " + systemId, edge.publicKey()));
        return edge;
    }

    /** What a call-in records: the online systems were seen now (the online window is 5 minutes). */
    void callIn() {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            for (Account a : all()) {
                for (EdgeTokenSigner system : a.online()) {
                    credits.seen(system.edgeId(), now);
                }
            }
        });
    }

    List<Account> all() {
        List<Account> all = new ArrayList<>(accounts);
        all.add(contended);
        return all;
    }

    Account randomAccount() {
        return accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
    }

    private <T> T step(String name, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            java.util.concurrent.atomic.LongAdder[] a = steps.computeIfAbsent(name,
                    n -> new java.util.concurrent.atomic.LongAdder[] {new java.util.concurrent.atomic.LongAdder(),
                            new java.util.concurrent.atomic.LongAdder()});
            a[0].increment();
            a[1].add(System.nanoTime() - t0);
        }
    }

    /** Mean milliseconds per step, by step name. */
    Map<String, Double> stepMeans(String prefix) {
        Map<String, Double> means = new java.util.TreeMap<>();
        steps.forEach((name, a) -> {
            if (name.startsWith(prefix) && a[0].sum() > 0) {
                means.put(name, Math.round(a[1].sum() / 1e4 / a[0].sum()) / 100.0);
            }
        });
        return means;
    }

    // --- credit assignments --------------------------------------------------------------------------------

    /** {@code POST /systems/{id}/credit-assignments} without HTTP: one transaction, as the controller's. */
    InProcessCredits.Assigned assign(String systemId, String subscriptionId, long amount, Instant autoRevokeAt) {
        return tx.execute(s -> credits.assign(systemId, subscriptionId, amount, autoRevokeAt, USER));
    }

    void assignOnline(Account account) {
        InProcessCredits.Assigned started = assign(account.onlineSystem().edgeId(), account.subscription(), 1, null);
        expect("DOWNLOADED", started.state(), "online assignment");
    }

    /** Several assignments in one transaction: only to fill the database quickly (waiting-scale, timer-drain). */
    void assignBatch(Account a, int count, Instant autoRevokeAt) {
        tx.executeWithoutResult(s -> {
            String subscription = a.subscription();
            for (int i = 0; i < count; i++) {
                credits.assign(a.offlineSystem().edgeId(), subscription, 1L, autoRevokeAt, USER);
            }
        });
    }

    void assignOverHttp(Account account) throws Exception {
        String body = "{\"subscriptionId\":\"" + account.subscription() + "\",\"credits\":1}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/systems/" + account.onlineSystem().edgeId() + "/credit-assignments"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202 || !r.body().contains("\"DOWNLOADED\"")) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** offline-cycle: assign to an offline system → download the file → revoke with the system's revoke key. */
    void offlineCycle(Account account) {
        EdgeTokenSigner system = account.offlineSystem();
        InProcessCredits.Assigned started = step("offline-cycle 1 assign", () -> assign(system.edgeId(), account.subscription(), 1, null));
        expect("ASSIGNED", started.state(), "offline assignment");
        String id = started.assignmentId();
        String file = step("offline-cycle 2 download", () -> tx.execute(s -> credits.download(id, USER)));
        String revoke = step("offline-cycle 3a revoke", () -> tx.execute(s -> credits.revoke(id, USER)));
        expect("AWAITING_REVOKE_KEY", revoke, "revoke of a downloaded file, system offline");
        String key = system.sign(TokenType.REVOKE, id, Instant.now(), EDGE_TOKEN_TTL, Map.of(Claims.FILE_JTI, EdgeTokenSigner.jti(file))).compact();
        String status = step("offline-cycle 3b revoke key", () -> tx.execute(s -> credits.enterRevokeKey(id, key, USER)));
        expect("RETURNED", status, "revoke key entered");
    }

    // --- collections ---------------------------------------------------------------------------------------

    /**
     * The collections over HTTP as a client pages them: each filter's first {@code pages} pages, following {@code next};
     * {@code activationId} (null: none) for an activation's updates. Answers the requests made.
     */
    int listPages(String activationId, int pages) throws Exception {
        Account a = accounts.get(0);
        String system = a.offline().get(0).edgeId();
        String sub = a.subscriptions().get(0);
        List<String> firsts = new ArrayList<>(List.of("/api/v1/licenses", "/api/v1/licenses?accountId=" + a.id(),
                "/api/v1/subscriptions", "/api/v1/subscriptions?accountId=" + a.id() + "&state=ACTIVE",
                "/api/v1/systems", "/api/v1/systems?accountId=" + a.id(),
                "/api/v1/remote-activations", "/api/v1/remote-activations?accountId=" + a.id(),
                "/api/v1/remote-activations?licenseId=" + license, "/api/v1/remote-activations?state=ACTIVE",
                "/api/v1/credit-assignments", "/api/v1/credit-assignments?accountId=" + a.id(),
                "/api/v1/credit-assignments?systemId=" + system, "/api/v1/credit-assignments?subscriptionId=" + sub,
                "/api/v1/credit-assignments?state=ASSIGNED", "/api/v1/credit-assignments?systemId=" + system + "&state=ASSIGNED",
                "/api/v1/credit-assignments?accountId=" + a.id() + "&state=ASSIGNED"));
        if (activationId != null) {
            firsts.add("/api/v1/remote-activations/" + activationId + "/updates");
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        int requests = 0;
        for (String first : firsts) {
            String path = first;
            for (int page = 0; page < pages && path != null; page++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password)
                                .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
                requests++;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
                }
                String next = json.readTree(r.body()).path("next").asText(null);
                path = next == null ? null : first + (first.contains("?") ? "&" : "?") + "cursor=" + next;
            }
        }
        return requests;
    }

    // --- remote activation updates -------------------------------------------------------------------------

    /** An installation with an ACTIVE activation of one seat, ready for updates. */
    final class Installation {
        final EdgeTokenSigner edge;
        final String activationId;
        long seats = 1;

        Installation() {
            edge = new EdgeTokenSigner("INST-" + UUID.randomUUID(), issuer, EdgeTokenSigner.newKey());
            activationId = activations.add(license, edge.edgeId(), edge.publicKey().toJSONObject(), 1L,
                    clock.instant().plus(Duration.ofDays(300)), USER);
            String connectionJti = await(() -> currentConnectionJti(), "connection token of the new activation");
            receipt(connectionJti);
            await(() -> "ACTIVE".equals(activationState()) ? "ACTIVE" : null, "activation ACTIVE");
        }

        private String currentConnectionJti() {
            return activations.currentConnectionJti(activationId);
        }

        private String activationState() {
            return activations.state(activationId);
        }

        private void receipt(String connectionJti) {
            String token = edge.sign(TokenType.RECEIPT, activationId, Instant.now(), EDGE_TOKEN_TTL, Map.of(Claims.CONNECTION_JTI, connectionJti)).compact();
            activations.receipt(activationId, token);
        }

        /** update token → configure seats (one more) → connection token → receipt; waits until the update is closed. */
        void updateCycle() {
            String token = edge.sign(TokenType.UPDATE, activationId, Instant.now(), EDGE_TOKEN_TTL, Map.of(Claims.SEATS, seats, Claims.LICENSE, license)).compact();
            String updateId = step("update-cycle 1 update token", () -> activations.startUpdate(token, USER));
            step("update-cycle 2 configure seats", () -> {
                activations.configureSeats(updateId, seats + 1);
                return null;
            });
            String connectionJti = step("update-cycle 3 connection token (job executor)", () -> await(() -> {
                return "CONNECTION_TOKEN_READY".equals(activations.updateStatus(updateId))
                        ? activations.updateConnectionJti(updateId) : failIfClosed(updateId);
            }, "connection token of " + updateId));
            step("update-cycle 4a receipt", () -> {
                receipt(connectionJti);
                return null;
            });
            step("update-cycle 4b receipt applied (job executor)", () -> await(() -> {
                return "APPLIED".equals(activations.updateStatus(updateId)) ? "APPLIED" : failIfClosed(updateId);
            }, "receipt applied to " + updateId));
            seats++;
        }

        private String failIfClosed(String updateId) {
            String status = activations.updateStatus(updateId);
            if ("REJECTED".equals(status) || "EXPIRED".equals(status)) {
                throw new IllegalStateException("update " + status + ": " + activations.updateMessage(updateId));
            }
            return null;
        }
    }

    /**
     * Polls for a step the job executor runs (asynchronous continuations) until it answers, 60 s at most, in the
     * caller's thread, backing off from 2 to 20 ms: a tight poll would take the CPU the job executor needs on 2 cores.
     */
    static String await(Supplier<String> probe, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Duration pause = Duration.ofMillis(2);
        while (true) {
            String answer = probe.get();
            if (answer != null) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static final Duration MAX_POLL = Duration.ofMillis(20);

    private static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", was " + actual);
        }
    }

    // --- call-ins --------------------------------------------------------------------------------------------

    /** HOME systems linked through the credits service, 250 per transaction (a fixture, not measured). */
    void createCallInSystems(int quiet, int busy) {
        String id = "BENCH-CALLIN";
        context.getBean(Accounts.class).create(id, "Bench call-ins");
        Instant now = clock.instant();
        List<String> subs = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            subs.add(id + "-SUB-" + s);
            context.getBean(Subscriptions.class).create(subs.get(s), id, "ANNUAL", SubscriptionState.ACTIVE, POOL,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), USER);
        }
        callInAccount = new Account(id, subs, List.of(), List.of());
        for (int from = 0; from < quiet + busy; from += 250) {
            List<EdgeTokenSigner> batch = new ArrayList<>();
            for (int i = from; i < Math.min(quiet + busy, from + 250); i++) {
                batch.add(new EdgeTokenSigner(String.format("CALLIN-%06d", i), issuer, EdgeTokenSigner.newKey()));
            }
            tx.executeWithoutResult(s -> batch.forEach(e -> {
                credits.link(e.edgeId(), id, "bench " + e.edgeId(), e.publicKey());
                credits.seen(e.edgeId(), now);
            }));
            batch.forEach(e -> (callInSystems.size() < quiet ? callInSystems : busySystems).add(e));
        }
        jdbc.execute("CREATE TABLE bench_verify_insert (jti VARCHAR(64) PRIMARY KEY, issuer VARCHAR(128) NOT NULL,"
                + " expires_at TIMESTAMP NOT NULL)");
    }

    EdgeTokenSigner quietSystem() {
        return callInSystems.get(ThreadLocalRandom.current().nextInt(callInSystems.size()));
    }

    /**
     * One credit file waiting (DOWNLOADED, not delivered) for each of the next {@code count} busy systems, 25 per
     * transaction, before a busy round: the round's call-ins then each hand one out.
     */
    void prepareBusy(int count) {
        List<EdgeTokenSigner> queue = new ArrayList<>();
        for (int i = 0; i < Math.min(count, busySystems.size()); i++) {
            queue.add(busySystems.get(busyCursor++ % busySystems.size()));
        }
        for (int from = 0; from < queue.size(); from += 25) {
            List<EdgeTokenSigner> batch = queue.subList(from, Math.min(queue.size(), from + 25));
            tx.executeWithoutResult(s -> {
                Instant now = clock.instant();
                for (EdgeTokenSigner e : batch) {
                    credits.seen(e.edgeId(), now);
                    expect("DOWNLOADED", credits.assign(e.edgeId(), callInAccount.subscription(), 1, null, USER).state(), "busy file");
                }
            });
        }
        busyQueue = queue;
        busyNext.set(0);
    }

    /** After a busy round: the prepared systems no client reached call in once, so that no file waits into the next round. */
    void deliverLeftOverBusy() {
        List<EdgeTokenSigner> queue = busyQueue;
        for (int i = busyNext.getAndSet(queue.size()); i < queue.size(); i++) {
            callIn(queue.get(i), 1);
        }
        busyQueue = List.of();
    }

    EdgeTokenSigner busySystem() {
        int i = busyNext.getAndIncrement();
        List<EdgeTokenSigner> queue = busyQueue;
        if (i >= queue.size()) {
            throw new IllegalStateException("no busy system prepared left (" + queue.size() + " prepared)");
        }
        return queue.get(i);
    }

    private static String bearer(EdgeTokenSigner system) {
        return system.sign(TokenType.CALLIN, system.edgeId(), Instant.now(), EDGE_TOKEN_TTL, Map.of()).compact();
    }

    /** A call-in as the endpoint makes it ({@link CallIns}), without HTTP: bearer accepted, then every handler's part. */
    void callIn(EdgeTokenSigner system, int filesExpected) {
        int files = callIns.handle("Bearer " + bearer(system), null).creditFiles().size();
        expect(filesExpected, files, "credit files handed out to " + system.edgeId());
    }

    /** {@code POST /api/v1/edge/call-in} over loopback with a fresh callin+jwt bearer, as the agent calls in. */
    void callInOverHttp(EdgeTokenSigner system, boolean fileExpected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/edge/call-in"))
                .header("Authorization", "Bearer " + bearer(system))
                .header("X-Forwarded-For", address(system))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"creditFiles\":[]") == fileExpected) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Each HOME system's own address, as a load balancer forwards it (the bench starts Grantflow trusting
     * X-Forwarded-For): the per-address rate limit then meets 10,000 systems, as in the field, not one address
     * sending for all of them.
     */
    private static String address(EdgeTokenSigner system) {
        int i = Integer.parseInt(system.edgeId().substring(system.edgeId().lastIndexOf('-') + 1));
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    /**
     * verify-insert, the least an authenticated, replay-safe call-in can cost: the same client-side signature, then
     * one ES256 verification and one row insert (the jti, unique) in one transaction.
     */
    void verifyInsert(EdgeTokenSigner system) {
        String bearer = bearer(system);
        tx.executeWithoutResult(s -> {
            try {
                SignedJWT jwt = SignedJWT.parse(bearer);
                if (!jwt.verify(new ECDSAVerifier(system.publicKey()))) {
                    throw new IllegalStateException("signature");
                }
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                jdbc.update("INSERT INTO bench_verify_insert (jti, issuer, expires_at) VALUES (?, ?, ?)", claims.getJWTID(),
                        claims.getIssuer(), new Timestamp(claims.getExpirationTime().getTime()));
            } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
