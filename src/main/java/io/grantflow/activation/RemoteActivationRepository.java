package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.GrantflowException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import io.grantflow.shared.Paging;
import org.springframework.lang.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of gf_remote_activation: its SQL, its row mapping, its lock. Runs in the caller's transaction. */
@Repository
@RequiredArgsConstructor
class RemoteActivationRepository {

    private static final String SELECT = "SELECT * FROM gf_remote_activation WHERE ";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallerAccount caller;
    private final ActivationChanges changes;

    /** The activation, if the caller may see its license's account: another account's answers as one that does not exist. */
    Optional<RemoteActivation> find(String id) {
        return byId(id, "").query(ROW).optional();
    }

    private JdbcClient.StatementSpec byId(String id, String lock) {
        Optional<String> account = caller.boundAccount();
        if (account.isEmpty()) {
            return jdbc.sql(SELECT + "id = ?" + lock).param(id);
        }
        return jdbc.sql(SELECT + "id = ? AND license_id IN (SELECT l.id FROM gf_license l WHERE l.account_id = ?)" + lock)
                .params(id, account.get());
    }

    RemoteActivation get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The row, locked until the transaction ends: steps of one activation queue behind each other. */
    RemoteActivation lock(String id) {
        return byId(id, " FOR UPDATE").query(ROW).optional().orElseThrow(() -> notFound(id));
    }

    List<RemoteActivation> ofInstallation(String installationId) {
        return jdbc.sql(SELECT + "installation_id = ? ORDER BY created_at, id").param(installationId).query(ROW).list();
    }

    /** A license's activations, oldest first (the index gf_remote_activation_license serves it). */
    List<RemoteActivation> ofLicense(String licenseId) {
        return jdbc.sql(SELECT + "license_id = ? ORDER BY created_at, id").param(licenseId).query(ROW).list();
    }

    /**
     * A page of activations, oldest first, of one account, one license and one state where
     * given (null: any).
     */
    List<Paging.Keyed<RemoteActivation>> page(@Nullable String accountId, @Nullable String licenseId, @Nullable ActivationState state,
            Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT a.* FROM gf_remote_activation a", "a")
                .where("a.account_id = ?", accountId)
                .where("a.license_id = ?", licenseId)
                .where("a.state = ?", state);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    /** An activation with its account, for lists that name it. */
    record OfAccount(String accountId, RemoteActivation activation) {
    }

    /**
     * Live activations expiring by {@code before} (or already warned about), soonest first, of one account where given
     * (null: any); at most {@code limit}.
     */
    List<OfAccount> expiring(@Nullable String accountId, Instant before, int limit) {
        return jdbc.sql("SELECT * FROM gf_remote_activation WHERE state IN (?, ?) AND (expires_at <= ? OR expiry_warning_at IS NOT NULL)"
                        + (accountId == null ? "" : " AND account_id = ?") + " ORDER BY expires_at, id LIMIT " + limit)
                .params(accountId == null
                        ? List.of(ActivationState.PENDING.name(), ActivationState.ACTIVE.name(), Utc.of(before))
                        : List.of(ActivationState.PENDING.name(), ActivationState.ACTIVE.name(), Utc.of(before), accountId))
                .query((rs, i) -> new OfAccount(rs.getString("account_id"), ROW.mapRow(rs, i))).list();
    }

    long countExpiring(@Nullable String accountId, Instant before) {
        return jdbc.sql("SELECT COUNT(*) FROM gf_remote_activation WHERE state IN (?, ?) AND (expires_at <= ? OR expiry_warning_at IS NOT NULL)"
                        + (accountId == null ? "" : " AND account_id = ?"))
                .params(accountId == null
                        ? List.of(ActivationState.PENDING.name(), ActivationState.ACTIVE.name(), Utc.of(before))
                        : List.of(ActivationState.PENDING.name(), ActivationState.ACTIVE.name(), Utc.of(before), accountId))
                .query(Long.class).single();
    }

    /** An account's newest activations, of one license where given (the (account_id, created_at, id) index serves it). */
    List<RemoteActivation> newestOfAccount(String accountId, @Nullable String licenseId, int limit) {
        return jdbc.sql(SELECT + "account_id = ?" + (licenseId == null ? "" : " AND license_id = ?")
                        + " ORDER BY created_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY")
                .params(licenseId == null ? new Object[] {accountId} : new Object[] {accountId, licenseId})
                .query(ROW).list();
    }

    void insert(String id, String licenseId, String installationId, long seats, Instant expiresAt) {
        int inserted = jdbc.sql("INSERT INTO gf_remote_activation (id, license_id, account_id, installation_id, state, seats, expires_at, created_at)"
                        + " SELECT ?, l.id, l.account_id, ?, ?, ?, ?, ? FROM gf_license l WHERE l.id = ?")
                .params(id, installationId, ActivationState.PENDING.name(), seats, Utc.of(expiresAt), Utc.now(clock), licenseId)
                .update();
        if (inserted != 1) {
            throw new IllegalStateException("no license " + licenseId);
        }
        changes.activation("added", id, java.util.Map.of("expiresAt", expiresAt.toString()));
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("UPDATE gf_remote_activation SET process_instance_id = ? WHERE id = ?").params(processInstanceId, id).update();
    }

    void setCurrentConnectionJti(String id, String jti) {
        jdbc.sql("UPDATE gf_remote_activation SET current_connection_jti = ?, version = version + 1 WHERE id = ?").params(jti, id).update();
    }

    /** PENDING to ACTIVE; an activation in any other state stays as it is. */
    void activate(String id) {
        if (jdbc.sql("UPDATE gf_remote_activation SET state = ?, version = version + 1 WHERE id = ? AND state = ?")
                .params(ActivationState.ACTIVE.name(), id, ActivationState.PENDING.name()).update() == 1) {
            changes.activation("active", id, java.util.Map.of());
        }
    }

    void setState(String id, ActivationState state) {
        jdbc.sql("UPDATE gf_remote_activation SET state = ?, version = version + 1 WHERE id = ?").params(state.name(), id).update();
        changes.activation(ActivationChanges.typeOf(state), id, java.util.Map.of());
    }

    void markApplied(String id, String connectionJti, String receiptJti) {
        jdbc.sql("UPDATE gf_remote_activation SET applied_connection_jti = ?, applied_receipt_jti = ?, version = version + 1 WHERE id = ?")
                .params(connectionJti, receiptJti, id).update();
    }

    String appliedReceiptJti(String id) {
        return Utc.first(jdbc.sql("SELECT applied_receipt_jti FROM gf_remote_activation WHERE id = ?").param(id).query(String.class).list());
    }

    void requestDisconnect(String id, String actor) {
        jdbc.sql("UPDATE gf_remote_activation SET disconnect_requested_by = ? WHERE id = ?").params(actor, id).update();
    }

    String disconnectRequestedBy(String id) {
        return Utc.first(jdbc.sql("SELECT disconnect_requested_by FROM gf_remote_activation WHERE id = ?").param(id)
                .query(String.class).list());
    }

    /** The seats a disconnected activation's installation may still hold, in flight until its proof or expiry (0: none). */
    void setDisconnectInFlight(String id, long seats) {
        jdbc.sql("UPDATE gf_remote_activation SET disconnect_in_flight_seats = ?, version = version + 1 WHERE id = ?").params(seats, id).update();
    }

    void recordDisconnectProof(String id, String proofJti) {
        jdbc.sql("UPDATE gf_remote_activation SET disconnect_proof_jti = ?, version = version + 1 WHERE id = ?").params(proofJti, id).update();
    }

    String disconnectProofJti(String id) {
        return Utc.first(jdbc.sql("SELECT disconnect_proof_jti FROM gf_remote_activation WHERE id = ?").param(id).query(String.class).list());
    }

    void markWarned(String id) {
        jdbc.sql("UPDATE gf_remote_activation SET expiry_warning_at = ?, version = version + 1 WHERE id = ?")
                .params(Utc.now(clock), id).update();
        changes.activation("expiring", id, java.util.Map.of());
    }

    void withdrawWarning(String id) {
        jdbc.sql("UPDATE gf_remote_activation SET expiry_warning_at = NULL WHERE id = ?").param(id).update();
    }

    /** Claims the activation for one update; false when another holds it (the guard where no lock is taken). */
    boolean claimForUpdate(String id, String updateId) {
        return jdbc.sql("UPDATE gf_remote_activation SET pending_update_id = ?, version = version + 1 WHERE id = ? AND pending_update_id IS NULL")
                .params(updateId, id).update() == 1;
    }

    /** The update is over: the activation is free for the next one, if this update still held it. */
    void releaseUpdate(String id, String updateId) {
        jdbc.sql("UPDATE gf_remote_activation SET pending_update_id = NULL, version = version + 1 WHERE id = ? AND pending_update_id = ?")
                .params(id, updateId).update();
    }

    void clearPendingUpdate(String id) {
        jdbc.sql("UPDATE gf_remote_activation SET pending_update_id = NULL WHERE id = ?").param(id).update();
    }

    void setSeatsAndExpiry(String id, long seats, Instant expiresAt) {
        jdbc.sql("UPDATE gf_remote_activation SET seats = ?, expires_at = ?, version = version + 1 WHERE id = ?")
                .params(seats, Utc.of(expiresAt), id).update();
    }

    /**
     * An activation's seats, what its open update (token issued, receipt awaited) has in flight, what its disconnect
     * holds in flight until the installation's proof, and whether a flow of it runs.
     */
    record SeatsAndInFlight(String id, String licenseId, ActivationState state, long seats, long inFlight, long disconnectInFlight,
            boolean flowRunning) {
    }

    /** Every activation's, or one license's activations' when {@code licenseId} is not null. */
    List<SeatsAndInFlight> seatsAndInFlight(String licenseId) {
        List<Object> args = new java.util.ArrayList<>();
        args.add(UpdateStatus.CONNECTION_TOKEN_READY.name());
        String where = "";
        if (licenseId != null) {
            where = " WHERE a.license_id = ?";
            args.add(licenseId);
        }
        return jdbc.sql("SELECT a.id, a.license_id, a.state, a.seats, a.disconnect_in_flight_seats,"
                        + " COALESCE((SELECT SUM(u.in_flight_seats) FROM gf_activation_update u"
                        + " WHERE u.activation_id = a.id AND u.status = ?), 0) AS in_flight,"
                        // any flow under the activation's id (add, update, lifecycle, a disconnect that waits): the
                        // engine's business-key index answers it per row, in this one query
                        + " CASE WHEN EXISTS (SELECT 1 FROM act_ru_execution e WHERE e.business_key_ = a.id) THEN 1 ELSE 0 END"
                        + " AS flow_running FROM gf_remote_activation a" + where
                        + " ORDER BY a.id")
                .params(args)
                .query((rs, i) -> new SeatsAndInFlight(rs.getString("id"), rs.getString("license_id"),
                        ActivationState.valueOf(rs.getString("state")), rs.getLong("seats"), rs.getLong("in_flight"),
                        rs.getLong("disconnect_in_flight_seats"), rs.getInt("flow_running") == 1))
                .list();
    }

    private static GrantflowException notFound(String id) {
        return GrantflowException.notFound("Remote activation", id);
    }

    private static final RowMapper<RemoteActivation> ROW = (rs, i) -> new RemoteActivation(rs.getString("id"), rs.getString("license_id"),
            rs.getString("installation_id"), ActivationState.valueOf(rs.getString("state")), rs.getLong("seats"),
            Utc.instant(rs.getObject("expires_at", OffsetDateTime.class)), Utc.instant(rs.getObject("expiry_warning_at", OffsetDateTime.class)),
            rs.getString("pending_update_id"), rs.getString("current_connection_jti"), rs.getString("applied_connection_jti"),
            rs.getString("process_instance_id"), rs.getLong("version"), rs.getLong("disconnect_in_flight_seats"));
}
