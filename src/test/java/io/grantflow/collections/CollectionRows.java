package io.grantflow.collections;

import io.grantflow.account.Accounts;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two fresh accounts with rows of every kind the collections list, written as the services and repositories write them
 * (licenses and subscriptions with their pools; systems, installations, activations, updates and assignments as rows,
 * the lists only read them). Creation times repeat in places, so that the id has to break ties in the order.
 */
final class CollectionRows {

    /** A row as the collection orders it. */
    record Row(String id, Instant createdAt) {
    }

    static final Comparator<Row> ORDER = Comparator.comparing(Row::createdAt).thenComparing(Row::id);
    static final Instant T0 = Instant.parse("2021-03-01T08:00:00.123456Z");

    final String key = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    final String a = "LA-" + key;
    final String b = "LB-" + key;
    final String licenseA = "LIC-A-" + key;
    final String licenseA2 = "LIC-A2-" + key;
    final String licenseB = "LIC-B-" + key;
    final String subA1 = "SUB-A1-" + key;
    final String subA2 = "SUB-A2-" + key;
    final String subB = "SUB-B-" + key;
    final List<Row> systemsA = new ArrayList<>();
    final List<Row> systemsB = new ArrayList<>();
    final List<Row> activationsA = new ArrayList<>();
    final List<Row> activationsB = new ArrayList<>();
    /** Activations of licenseA in ACTIVE, the rest PENDING or DISCONNECTED. */
    final List<Row> activeOfLicenseA = new ArrayList<>();
    final List<Row> updatesOfFirst = new ArrayList<>();
    final List<Row> appliedOfFirst = new ArrayList<>();
    final List<Row> assignmentsA = new ArrayList<>();
    final List<Row> assignmentsB = new ArrayList<>();
    final List<Row> revokedOfSystemA0 = new ArrayList<>();
    final List<Row> ofSubA2 = new ArrayList<>();
    final List<Row> expiredA = new ArrayList<>();

    private final JdbcTemplate jdbc;

    CollectionRows(ApplicationContext context, int assignments) {
        jdbc = context.getBean(JdbcTemplate.class);
        Accounts accounts = context.getBean(Accounts.class);
        accounts.create(a, "Lists A " + key);
        accounts.create(b, "Lists B " + key);
        Licenses licenses = context.getBean(Licenses.class);
        Instant far = Instant.parse("2031-01-01T00:00:00Z");
        licenses.create(licenseA, a, 50, far, "test");
        licenses.create(licenseA2, a, 50, far, "test");
        licenses.create(licenseB, b, 50, far, "test");
        Subscriptions subscriptions = context.getBean(Subscriptions.class);
        subscriptions.create(subA1, a, "ANNUAL", SubscriptionState.ACTIVE, 1_000, T0, far, "test");
        subscriptions.create(subA2, a, "ANNUAL", SubscriptionState.CANCELLED, 1_000, T0, far, "test");
        subscriptions.create(subB, b, "ANNUAL", SubscriptionState.ACTIVE, 1_000, T0, far, "test");

        for (int i = 0; i < 5; i++) {
            systemsA.add(system("SYS-A" + i + "-" + key, a, at(i / 2)));
        }
        systemsB.add(system("SYS-B0-" + key, b, at(0)));
        jdbc.update("INSERT INTO gf_installation (id, account_id, created_at) VALUES (?, ?, ?)", "INST-A-" + key, a, utc(T0));
        jdbc.update("INSERT INTO gf_installation (id, account_id, created_at) VALUES (?, ?, ?)", "INST-B-" + key, b, utc(T0));
        String[] states = {"ACTIVE", "PENDING", "ACTIVE", "DISCONNECTED"};
        for (int i = 0; i < 9; i++) {
            String license = i < 7 ? licenseA : licenseA2;
            String state = states[i % states.length];
            Row row = activation("RA-A" + i + "-" + key, license, "INST-A-" + key, state, at(i / 3));
            activationsA.add(row);
            if (license.equals(licenseA) && state.equals("ACTIVE")) {
                activeOfLicenseA.add(row);
            }
        }
        activationsB.add(activation("RA-B0-" + key, licenseB, "INST-B-" + key, "ACTIVE", at(0)));
        activationsA.sort(ORDER);
        activeOfLicenseA.sort(ORDER);
        String first = activationsA.get(0).id();
        String[] statuses = {"APPLIED", "REJECTED", "APPLIED", "AWAITING_SEAT_CONFIGURATION"};
        for (int i = 0; i < 7; i++) {
            Row row = update("UPD-" + i + "-" + key, first, statuses[i % statuses.length], at(i / 2));
            updatesOfFirst.add(row);
            if (statuses[i % statuses.length].equals("APPLIED")) {
                appliedOfFirst.add(row);
            }
        }
        updatesOfFirst.sort(ORDER);
        appliedOfFirst.sort(ORDER);

        String[] assignmentStates = {"ASSIGNED", "DOWNLOADED", "REVOKED", "REVOKING", "EXPIRED"};
        for (int i = 0; i < assignments; i++) {
            String system = systemsA.get(i % 2).id();
            String subscription = i % 3 == 0 ? subA2 : subA1;
            String state = assignmentStates[i % assignmentStates.length];
            // three in a row share a creation time
            Row row = assignment(String.format("CA-A%03d-%s", (i * 37) % assignments, key), system, subscription, state, at(i / 3));
            assignmentsA.add(row);
            if (system.equals(systemsA.get(0).id()) && state.equals("REVOKED")) {
                revokedOfSystemA0.add(row);
            }
            if (state.equals("EXPIRED")) {
                expiredA.add(row);
            }
            if (subscription.equals(subA2)) {
                ofSubA2.add(row);
            }
        }
        for (int i = 0; i < 3; i++) {
            assignmentsB.add(assignment("CA-B" + i + "-" + key, systemsB.get(0).id(), subB, "ASSIGNED", at(i)));
        }
        for (List<Row> list : List.of(systemsA, assignmentsA, revokedOfSystemA0, ofSubA2, expiredA, assignmentsB)) {
            list.sort(ORDER);
        }
    }

    static List<String> ids(List<Row> rows) {
        return rows.stream().map(Row::id).toList();
    }

    /** T0 plus whole minutes, one microsecond more: a time PostgreSQL keeps exactly, with a fraction the cursor must keep. */
    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes)).plusNanos(1_000);
    }

    private static Object utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private Row system(String id, String account, Instant createdAt) {
        jdbc.update("INSERT INTO gf_system (id, account_id, label, created_at) VALUES (?, ?, ?, ?)", id, account, "label " + id, utc(createdAt));
        return new Row(id, createdAt);
    }

    private Row activation(String id, String license, String installation, String state, Instant createdAt) {
        jdbc.update("INSERT INTO gf_remote_activation (id, license_id, account_id, installation_id, state, seats, expires_at, created_at)"
                + " SELECT ?, l.id, l.account_id, ?, ?, ?, ?, ? FROM gf_license l WHERE l.id = ?", id, installation, state, 1,
                utc(createdAt.plus(Duration.ofDays(3650))), utc(createdAt), license);
        return new Row(id, createdAt);
    }

    private Row update(String id, String activation, String status, Instant createdAt) {
        jdbc.update("INSERT INTO gf_activation_update (id, activation_id, update_jti, update_token_expires_at, status, current_seats,"
                + " current_expires_at, process_instance_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, activation, "jti-" + id,
                utc(createdAt.plus(Duration.ofDays(1))), status, 1, utc(createdAt.plus(Duration.ofDays(3650))), "PI-" + id, utc(createdAt), utc(createdAt));
        return new Row(id, createdAt);
    }

    private Row assignment(String id, String system, String subscription, String state, Instant createdAt) {
        jdbc.update("INSERT INTO gf_credit_assignment (id, system_id, subscription_id, account_id, credits, state, downloaded, expires_at,"
                + " process_instance_id, created_at, updated_at) SELECT ?, ?, s.id, s.account_id, ?, ?, ?, ?, ?, ?, ? FROM gf_subscription s"
                + " WHERE s.id = ?", id, system, 1, state, !state.equals("ASSIGNED"), utc(createdAt.plus(Duration.ofDays(3650))), "PI-" + id,
                utc(createdAt), utc(createdAt), subscription);
        return new Row(id, createdAt);
    }
}
