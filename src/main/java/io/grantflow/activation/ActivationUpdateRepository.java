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

/** The owner of gf_activation_update: its SQL and row mapping. Runs in the caller's transaction. */
@Repository
@RequiredArgsConstructor
class ActivationUpdateRepository {

    private static final String SELECT = "SELECT * FROM gf_activation_update WHERE ";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallerAccount caller;
    private final ActivationChanges changes;

    /** The update, if the caller may see its activation's account: another account's answers as one that does not exist. */
    Optional<ActivationUpdate> find(String id) {
        Optional<String> account = caller.boundAccount();
        if (account.isPresent()) {
            return jdbc.sql(SELECT + "id = ? AND activation_id IN (SELECT a.id FROM gf_remote_activation a"
                    + " JOIN gf_license l ON l.id = a.license_id WHERE l.account_id = ?)").params(id, account.get()).query(ROW).optional();
        }
        return jdbc.sql(SELECT + "id = ?").param(id).query(ROW).optional();
    }

    ActivationUpdate get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Update", id));
    }

    Optional<ActivationUpdate> byConnectionJti(String jti) {
        return jdbc.sql(SELECT + "connection_jti = ?").param(jti).query(ROW).optional();
    }

    /** A page of an activation's updates, oldest first, in one status where given (null: any). */
    List<Paging.Keyed<ActivationUpdate>> page(String activationId, @Nullable UpdateStatus status, Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT u.* FROM gf_activation_update u", "u")
                .where("u.activation_id = ?", activationId)
                .where("u.status = ?", status);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    void insert(String id, String activationId, String updateJti, Instant updateTokenExpiresAt, long currentSeats,
            Instant currentExpiresAt) {
        OffsetDateTime now = Utc.now(clock);
        jdbc.sql("INSERT INTO gf_activation_update (id, activation_id, update_jti, update_token_expires_at, status, current_seats,"
                        + " current_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, activationId, updateJti, Utc.of(updateTokenExpiresAt), UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(),
                        currentSeats, Utc.of(currentExpiresAt), now, now)
                .update();
        changes.update("started", id, java.util.Map.of());
        changes.update(ActivationChanges.typeOf(UpdateStatus.AWAITING_SEAT_CONFIGURATION), id, java.util.Map.of());
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("UPDATE gf_activation_update SET process_instance_id = ? WHERE id = ?").params(processInstanceId, id).update();
    }

    /** A new configuration: an earlier approval does not carry over to it. */
    void recordConfigurer(String id, String user) {
        jdbc.sql("UPDATE gf_activation_update SET configured_by = ?, approved_by = NULL, approved = NULL, updated_at = ? WHERE id = ?")
                .params(user, Utc.now(clock), id).update();
    }

    /** When Save ran for this update, if it did: the database's record, whatever the process was told since. */
    Instant savedAt(String id) {
        return Utc.instant(Utc.first(jdbc.sql("SELECT saved_at FROM gf_activation_update WHERE id = ?").param(id)
                .query(OffsetDateTime.class).list()));
    }

    /** What was entered and what the check said: a refused configuration keeps no seats, only its message. */
    void recordValidation(String id, Long seats, Instant expiresAt, String message, UpdateStatus status) {
        jdbc.sql("UPDATE gf_activation_update SET requested_seats = ?, requested_expires_at = ?, message = ?, status = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(seats, Utc.of(expiresAt), message, status.name(), Utc.now(clock), id).update();
        // a valid configuration that needs no approval goes on to Save at once: update.saved tells of it
        if (status == UpdateStatus.AWAITING_REDUCTION_APPROVAL) {
            changes.update(ActivationChanges.typeOf(status), id, java.util.Map.of());
        } else if (message != null) {
            changes.update(ActivationChanges.typeOf(status), id, java.util.Map.of("refusal", message));
        }
    }

    void recordDecision(String id, String user, boolean approved) {
        jdbc.sql("UPDATE gf_activation_update SET approved_by = ?, approved = ?, updated_at = ? WHERE id = ?")
                .params(user, approved, Utc.now(clock), id).update();
    }

    Boolean approved(String id) {
        return Utc.first(jdbc.sql("SELECT approved FROM gf_activation_update WHERE id = ?").param(id).query(Boolean.class).list());
    }

    /** Save refused the stored configuration: back to "Configure printer seats" with the reason. */
    void refuseAtSave(String id, String refusal) {
        jdbc.sql("UPDATE gf_activation_update SET requested_seats = NULL, requested_expires_at = NULL, message = ?, status = ?,"
                        + " updated_at = ? WHERE id = ?")
                .params(refusal, UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(), Utc.now(clock), id).update();
        changes.update(ActivationChanges.typeOf(UpdateStatus.AWAITING_SEAT_CONFIGURATION), id, java.util.Map.of("refusal", refusal));
    }

    void setPendingTransfer(String id, String pendingTransferId) {
        jdbc.sql("UPDATE gf_activation_update SET pending_transfer_id = ? WHERE id = ?").params(pendingTransferId, id).update();
    }

    /** Save ran, once: {@code inFlightSeats} the seats a reduction put in flight, else null. */
    void markSaved(String id, Long inFlightSeats) {
        OffsetDateTime now = Utc.now(clock);
        if (jdbc.sql("UPDATE gf_activation_update SET saved_at = ?, in_flight_seats = ?, updated_at = ? WHERE id = ? AND saved_at IS NULL")
                .params(now, inFlightSeats, now, id).update() == 1) {
            java.util.Map<String, Object> more = new java.util.HashMap<>();
            more.put("inFlightSeats", inFlightSeats);
            changes.update("saved", id, more);
        }
    }

    void connectionTokenIssued(String id, String connectionJti) {
        jdbc.sql("UPDATE gf_activation_update SET connection_jti = ?, status = ?, message = NULL, updated_at = ? WHERE id = ?")
                .params(connectionJti, UpdateStatus.CONNECTION_TOKEN_READY.name(), Utc.now(clock), id).update();
        changes.update(ActivationChanges.typeOf(UpdateStatus.CONNECTION_TOKEN_READY), id, java.util.Map.of());
    }

    void finish(String id, UpdateStatus status, String message) {
        jdbc.sql("UPDATE gf_activation_update SET status = ?, message = ?, updated_at = ? WHERE id = ?")
                .params(status.name(), message, Utc.now(clock), id).update();
        changes.update(ActivationChanges.typeOf(status), id, java.util.Map.of());
    }

    /** Ends the update if it is still open (waiting for the operators or for the receipt). */
    void endIfOpen(String id, UpdateStatus status, String message) {
        if (jdbc.sql("UPDATE gf_activation_update SET status = ?, message = ?, updated_at = ? WHERE id = ? AND status IN (?, ?, ?)")
                .params(status.name(), message, Utc.now(clock), id, UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(),
                        UpdateStatus.AWAITING_REDUCTION_APPROVAL.name(), UpdateStatus.CONNECTION_TOKEN_READY.name())
                .update() == 1) {
            changes.update(ActivationChanges.typeOf(status), id, java.util.Map.of());
        }
    }

    /** Who configured the update whose task {@code taskId} ({@code taskKey}) is open; empty when none did. */
    List<String> configurerOfTask(String taskId, String taskKey) {
        return jdbc.sql("SELECT u.configured_by FROM act_ru_task t JOIN gf_activation_update u"
                        + " ON u.process_instance_id = t.proc_inst_id_ WHERE t.id_ = ? AND t.task_def_key_ = ? AND u.configured_by IS NOT NULL")
                .params(taskId, taskKey).query(String.class).list();
    }

    private static final RowMapper<ActivationUpdate> ROW = (rs, i) -> new ActivationUpdate(rs.getString("id"), rs.getString("activation_id"),
            rs.getString("update_jti"), Utc.instant(rs.getObject("update_token_expires_at", OffsetDateTime.class)),
            UpdateStatus.valueOf(rs.getString("status")), rs.getLong("current_seats"),
            Utc.instant(rs.getObject("current_expires_at", OffsetDateTime.class)),
            rs.getObject("requested_seats") == null ? null : rs.getLong("requested_seats"),
            Utc.instant(rs.getObject("requested_expires_at", OffsetDateTime.class)), rs.getString("configured_by"),
            rs.getString("approved_by"), rs.getString("message"), rs.getString("connection_jti"), rs.getString("pending_transfer_id"),
            rs.getString("process_instance_id"));
}
