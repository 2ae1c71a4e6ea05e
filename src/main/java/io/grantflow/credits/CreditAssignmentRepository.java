package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.CallerAccount;
import static io.grantflow.credits.SqlTimes.instant;
import static io.grantflow.credits.SqlTimes.utc;

import io.grantflow.protocol.GrantflowException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.grantflow.shared.Paging;
import java.util.Optional;
import org.springframework.lang.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The owner of {@code gf_credit_assignment}: its SQL, its row mapping and its lock. Every write stamps
 * {@code updated_at} (the overdue check reads it as "revoke requested at" for REVOKING rows).
 */
@Repository
@RequiredArgsConstructor
class CreditAssignmentRepository {

    private static final RowMapper<CreditAssignment> ROW = (rs, i) -> new CreditAssignment(rs.getString("id"),
            rs.getString("system_id"), rs.getString("subscription_id"), rs.getLong("credits"),
            AssignmentState.valueOf(rs.getString("state")), rs.getBoolean("downloaded"), instant(rs, "auto_revoke_at"),
            instant(rs, "expires_at"), rs.getString("file_jti"), instant(rs, "delivered_at"), rs.getString("warning"),
            rs.getString("process_instance_id"), rs.getString("revoke_process_instance_id"), rs.getString("revoke_proof"),
            instant(rs, "created_at"), instant(rs, "updated_at"));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallerAccount caller;
    private final CreditChanges changes;

    /** The assignment, if the caller may see its system's account: another account's answers as one that does not exist. */
    Optional<CreditAssignment> find(String id) {
        return byId(id, "").query(ROW).optional();
    }

    private JdbcClient.StatementSpec byId(String id, String lock) {
        Optional<String> account = caller.boundAccount();
        if (account.isEmpty()) {
            return jdbc.sql("SELECT * FROM gf_credit_assignment WHERE id = ?" + lock).param(id);
        }
        return jdbc.sql("SELECT * FROM gf_credit_assignment WHERE id = ? AND system_id IN (SELECT s.id FROM gf_system s"
                + " WHERE s.account_id = ?)" + lock).params(id, account.get());
    }

    CreditAssignment get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The row, locked until the transaction ends: steps on one assignment run one after the other. */
    CreditAssignment lock(String id) {
        return byId(id, " FOR UPDATE").query(ROW).optional()
                .orElseThrow(() -> notFound(id));
    }

    /** The newest assignments in one state, of one account where given (null: every account's). */
    List<CreditAssignment> newestIn(AssignmentState state, @Nullable String accountId, int limit) {
        return jdbc.sql("SELECT * FROM gf_credit_assignment WHERE state = ?" + (accountId == null ? "" : " AND account_id = ?")
                        + " ORDER BY updated_at DESC, id DESC LIMIT " + limit)
                .params(accountId == null ? List.of(state.name()) : List.of(state.name(), accountId)).query(ROW).list();
    }

    long countIn(AssignmentState state, @Nullable String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM gf_credit_assignment WHERE state = ?" + (accountId == null ? "" : " AND account_id = ?"))
                .params(accountId == null ? List.of(state.name()) : List.of(state.name(), accountId)).query(Long.class).single();
    }

    List<CreditAssignment> ofSystem(String systemId) {
        return jdbc.sql("SELECT * FROM gf_credit_assignment WHERE system_id = ? ORDER BY created_at, id").param(systemId)
                .query(ROW).list();
    }

    /**
     * A page of assignments, oldest first, of one account (through its subscriptions), system, subscription and state
     * where given (null: any).
     */
    List<Paging.Keyed<CreditAssignment>> page(@Nullable String accountId, @Nullable String systemId, @Nullable String subscriptionId,
            @Nullable AssignmentState state, Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT a.* FROM gf_credit_assignment a", "a")
                .where("a.account_id = ?", accountId)
                .where("a.system_id = ?", systemId)
                .where("a.subscription_id = ?", subscriptionId)
                .where("a.state = ?", state);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    /** An assignment's state and credits, and whether a flow of its (credit-assignment, credit-revoke) is running. */
    record Holding(String id, String subscriptionId, AssignmentState state, long credits, boolean flowRunning) {
    }

    /** Every assignment's, or one subscription's when {@code subscriptionId} is not null: one query. */
    List<Holding> holdings(String subscriptionId) {
        // the engine's business-key index answers the flow of each row
        String sql = "SELECT a.id, a.subscription_id, a.state, a.credits, CASE WHEN EXISTS (SELECT 1 FROM act_ru_execution e"
                + " WHERE e.business_key_ = a.id) THEN 1 ELSE 0 END AS flow_running FROM gf_credit_assignment a"
                + (subscriptionId == null ? "" : " WHERE a.subscription_id = ?") + " ORDER BY a.id";
        var statement = jdbc.sql(sql);
        if (subscriptionId != null) {
            statement = statement.param(subscriptionId);
        }
        return statement.query((rs, i) -> new Holding(rs.getString("id"), rs.getString("subscription_id"),
                AssignmentState.valueOf(rs.getString("state")), rs.getLong("credits"), rs.getInt("flow_running") == 1)).list();
    }

    /** The assignments whose credit-assignment or credit-revoke flow this process instance is. */
    List<String> idsOfProcess(String processInstanceId) {
        // A union, not OR: each half reads its own index (H2 scans the table for an OR across two columns).
        return jdbc.sql("SELECT id FROM gf_credit_assignment WHERE process_instance_id = ?"
                        + " UNION SELECT id FROM gf_credit_assignment WHERE revoke_process_instance_id = ?")
                .param(processInstanceId).param(processInstanceId).query(String.class).list();
    }

    /** Credit files issued for the system's next call-in and not yet handed over (not expired). */
    List<String> awaitingCallIn(String systemId, Instant now) {
        return jdbc.sql("SELECT id FROM gf_credit_assignment WHERE system_id = ? AND state = ? AND file_jti IS NOT NULL"
                        + " AND delivered_at IS NULL AND expires_at > ? ORDER BY created_at, id")
                .param(systemId).param(AssignmentState.DOWNLOADED.name()).param(utc(now)).query(String.class).list();
    }

    /** The system's revokes that wait for its revoke key, oldest request first. */
    List<CreditAssignment> revokingOf(String systemId) {
        return jdbc.sql("SELECT * FROM gf_credit_assignment WHERE system_id = ? AND state = ? ORDER BY updated_at, id")
                .param(systemId).param(AssignmentState.REVOKING.name()).query(ROW).list();
    }

    /** Revokes requested before {@code before} that still wait for their key, oldest first, at most {@code limit}. */
    List<RevokeKeyOverdue> revokingSince(Instant before, int limit) {
        // Reads the account through the system's row (a read across the foreign key; gf_system's writes are its own).
        return jdbc.sql("SELECT a.id, a.system_id, a.subscription_id, s.account_id, a.credits, a.updated_at,"
                        + " a.revoke_process_instance_id FROM gf_credit_assignment a JOIN gf_system s ON s.id = a.system_id"
                        + " WHERE a.state = ? AND a.updated_at < ? ORDER BY a.updated_at, a.id FETCH FIRST " + limit + " ROWS ONLY")
                .param(AssignmentState.REVOKING.name()).param(utc(before))
                .query((rs, i) -> new RevokeKeyOverdue(rs.getString("id"), rs.getString("system_id"),
                        rs.getString("subscription_id"), rs.getString("account_id"), rs.getLong("credits"),
                        instant(rs, "updated_at"), rs.getString("revoke_process_instance_id")))
                .list();
    }

    void insert(CreditAssignment a) {
        int inserted = jdbc.sql("INSERT INTO gf_credit_assignment (id, system_id, subscription_id, account_id, credits, state, downloaded,"
                        + " auto_revoke_at, expires_at, warning, created_at, updated_at)"
                        + " SELECT ?, ?, s.id, s.account_id, ?, ?, ?, ?, ?, ?, ?, ? FROM gf_subscription s WHERE s.id = ?")
                .params(a.id(), a.systemId(), a.credits(), a.state().name(), a.downloaded(), utc(a.autoRevokeAt()),
                        utc(a.expiresAt()), a.warning(), utc(a.createdAt()), utc(a.updatedAt()), a.subscriptionId())
                .update();
        if (inserted != 1) {
            throw new IllegalStateException("no subscription " + a.subscriptionId());
        }
        java.util.Map<String, Object> more = new java.util.HashMap<>();
        more.put("autoRevokeAt", a.autoRevokeAt() == null ? null : a.autoRevokeAt().toString());
        changes.assignment("assigned", a.id(), more);
    }

    void startedIn(String id, String processInstanceId) {
        jdbc.sql("UPDATE gf_credit_assignment SET process_instance_id = ? WHERE id = ?").params(processInstanceId, id).update();
    }

    void warn(String id, String warning) {
        jdbc.sql("UPDATE gf_credit_assignment SET warning = ? WHERE id = ?").params(warning, id).update();
    }

    /** The credit file is signed {@code at}: DOWNLOADED, and delivered then when it is handed out at once. */
    void issued(String id, String fileJti, Instant at, boolean delivered) {
        jdbc.sql("UPDATE gf_credit_assignment SET file_jti = ?, state = ?, downloaded = TRUE, delivered_at = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(fileJti, AssignmentState.DOWNLOADED.name(), delivered ? utc(at) : null, utc(at), id).update();
        changes.assignment("downloaded", id, java.util.Map.of("delivered", delivered));
    }

    void delivered(String id) {
        jdbc.sql("UPDATE gf_credit_assignment SET delivered_at = ?, updated_at = ? WHERE id = ?").params(now(), now(), id).update();
    }

    void revokeStartedIn(String id, String revokeProcessInstanceId) {
        jdbc.sql("UPDATE gf_credit_assignment SET revoke_process_instance_id = ?, updated_at = ? WHERE id = ?")
                .params(revokeProcessInstanceId, now(), id).update();
    }

    void setState(String id, AssignmentState state) {
        jdbc.sql("UPDATE gf_credit_assignment SET state = ?, updated_at = ? WHERE id = ?").params(state.name(), now(), id).update();
        if (state == AssignmentState.REVOKING) {
            changes.assignment("revoke-requested", id, java.util.Map.of());
            changes.assignment("awaiting-revoke-key", id, java.util.Map.of());
        } else {
            changes.assignment(state.name().toLowerCase(java.util.Locale.ROOT), id, java.util.Map.of());
        }
    }

    /** A final state, with the proof the credits returned on (a revoke key's jti, "expiry", "never-downloaded"). */
    void finish(String id, AssignmentState state, String proof) {
        jdbc.sql("UPDATE gf_credit_assignment SET state = ?, revoke_proof = ?, updated_at = ? WHERE id = ?")
                .params(state.name(), proof, now(), id).update();
        // the proof says how the credits came back: a revoke key's jti, "expiry", "never-downloaded", "auto-revoke" …
        changes.assignment(state == AssignmentState.REVOKED ? "returned" : "expired", id, java.util.Map.of("proof", proof));
    }

    private Object now() {
        return utc(clock.instant());
    }

    private static GrantflowException notFound(String id) {
        return GrantflowException.notFound("Credit assignment", id);
    }
}
