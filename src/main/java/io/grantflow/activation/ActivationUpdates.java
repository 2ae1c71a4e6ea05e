package io.grantflow.activation;

import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.IssuedToken;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * Updates of a remote activation across the air gap: an installation's update token starts one, an operator
 * configures the seats, a second operator confirms a reduction, Save moves the seats, the connection token goes
 * back, and the installation's receipt closes it. Runs in the caller's transaction.
 */
@Service
public class ActivationUpdates {

    private final JdbcTemplate jdbc;
    private final RemoteActivations activations;
    private final Licenses licenses;
    private final LedgerService ledger;
    private final EdgeTokens edgeTokens;
    private final RuntimeService runtime;
    private final GrantflowProperties properties;
    private final Clock clock;

    ActivationUpdates(JdbcTemplate jdbc, RemoteActivations activations, Licenses licenses, LedgerService ledger,
            EdgeTokens edgeTokens, RuntimeService runtime, GrantflowProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.activations = activations;
        this.licenses = licenses;
        this.ledger = ledger;
        this.edgeTokens = edgeTokens;
        this.runtime = runtime;
        this.properties = properties;
        this.clock = clock;
    }

    public record Started(String updateId, String activationId, String processInstanceId) {
    }

    /** The outcome of checking what an operator entered; {@code message} says why it was refused. */
    record SeatCheck(boolean valid, boolean reduction, String message) {
    }

    // ---- reads --------------------------------------------------------------------------------------------

    Optional<ActivationUpdate> find(String id) {
        return jdbc.query("SELECT * FROM gf_activation_update WHERE id = ?", ROW, id).stream().findFirst();
    }

    public ActivationUpdate get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Update", id));
    }

    Optional<ActivationUpdate> byConnectionJti(String jti) {
        return jdbc.query("SELECT * FROM gf_activation_update WHERE connection_jti = ?", ROW, jti).stream().findFirst();
    }

    // ---- start --------------------------------------------------------------------------------------------

    /**
     * Verifies the update token (every refusal has its code and changes nothing), claims the activation for this
     * update, spends the jti and starts remote-activation-update, all in the caller's transaction.
     */
    public Started start(String compact, String actor) {
        return edgeTokens.accept(compact, TokenType.UPDATE, this::activationOf, (token, found) -> {
            Started started = start(token, found, actor);
            return EdgeTokens.Used.in(started.processInstanceId(), started);
        });
    }

    /** The update token names its installation's own activation and that activation's license. */
    private RemoteActivation activationOf(VerifiedToken token) {
        RemoteActivation a = activations.find(token.subject())
                .orElseThrow(() -> EdgeTokens.notFor("No remote activation '" + token.subject() + "'"));
        if (!a.installationId().equals(token.issuer())) {
            throw EdgeTokens.notFor("Remote activation '" + a.id() + "' does not belong to installation '" + token.issuer() + "'");
        }
        String license = token.stringClaim("license");
        if (!license.equals(a.licenseId())) {
            throw EdgeTokens.notFor("The token names license '" + license + "', the activation is of another");
        }
        token.longClaim("seats");
        return a;
    }

    private Started start(VerifiedToken token, RemoteActivation found, String actor) {
        RemoteActivation a = activations.lock(found.id());
        if (a.state() != ActivationState.ACTIVE) {
            throw RemoteActivations.notActive(a);
        }
        if (a.pendingUpdateId() != null) {
            throw inProgress(a);
        }
        String updateId = "UPD-" + UUID.randomUUID();
        Instant configureBy = clock.instant().plus(properties.tokens().updateTokenTtl());
        if (token.expiresAt().isBefore(configureBy)) {
            configureBy = token.expiresAt();
        }
        jdbc.update("INSERT INTO gf_activation_update (id, activation_id, update_jti, update_token_expires_at, status, current_seats,"
                        + " current_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                updateId, a.id(), token.jti(), RemoteActivations.utc(token.expiresAt()), UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(),
                a.seats(), RemoteActivations.utc(a.expiresAt()), activations.now(), activations.now());
        // The row lock taken above serialises starts; this guard also holds where a lock is not taken.
        if (jdbc.update("UPDATE gf_remote_activation SET pending_update_id = ?, version = version + 1 WHERE id = ? AND pending_update_id IS NULL",
                updateId, a.id()) != 1) {
            throw inProgress(a);
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.UPDATE_ID, updateId);
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.LICENSE_ID, a.licenseId());
        vars.put(ActivationVariables.STARTED_BY, actor);
        vars.put(ActivationVariables.CONFIGURE_BY, ActivationVariables.date(configureBy));
        vars.put(ActivationVariables.RECEIPT_FOLLOW_UP, properties.receiptFollowUp().toString());
        ProcessInstance pi = runtime.startProcessInstanceByKey(RemoteActivations.UPDATE_PROCESS, a.id(), vars);
        jdbc.update("UPDATE gf_activation_update SET process_instance_id = ? WHERE id = ?", pi.getId(), updateId);
        return new Started(updateId, a.id(), pi.getId());
    }

    private static GrantflowException inProgress(RemoteActivation a) {
        return GrantflowException.conflict("update-in-progress",
                "Remote activation " + a.id() + " has an update in progress (" + a.pendingUpdateId() + "); one at a time");
    }

    // ---- Configure printer seats --------------------------------------------------------------------------

    /** What the form shows when the task (re)appears: fresh numbers, not the ones of an earlier attempt. */
    Map<String, Object> seatsForm(String updateId) {
        ActivationUpdate u = get(updateId);
        RemoteActivation a = activations.get(u.activationId());
        License license = licenses.get(a.licenseId());
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.CURRENT_SEATS, a.seats());
        vars.put(ActivationVariables.AVAILABLE_SEATS, license.available());
        vars.put(ActivationVariables.CURRENT_EXPIRES_AT, a.expiresAt().toString());
        vars.put("licenseExpiresAt", license.expiresAt().toString());
        return vars;
    }

    void recordConfigurer(String updateId, String user) {
        if (user == null) {
            throw fourEyes("Configuring seats needs a signed-in operator");
        }
        refuseIfSaved(get(updateId));
        jdbc.update("UPDATE gf_activation_update SET configured_by = ?, approved_by = NULL, approved = NULL, updated_at = ? WHERE id = ?",
                user, activations.now(), updateId);
    }

    /** When Save ran for this update, if it did: the database's record, whatever the process was told since. */
    Instant savedAt(String updateId) {
        return jdbc.queryForList("SELECT saved_at FROM gf_activation_update WHERE id = ?", OffsetDateTime.class, updateId).stream()
                .filter(Objects::nonNull).map(OffsetDateTime::toInstant).findFirst().orElse(null);
    }

    /** A saved update is closed to configuration and approval: what Save moved is not rewritten afterwards. */
    private void refuseIfSaved(ActivationUpdate u) {
        Instant saved = savedAt(u.id());
        if (saved != null) {
            throw GrantflowException.conflict("update-saved", "Update " + u.id() + " was saved at " + saved
                    + "; Save runs once per update, start a new update to change the seats again");
        }
    }

    /** Checks what was entered; refused input is kept with its message and the task comes back. */
    SeatCheck validate(String updateId, Object newSeats, Object newExpiresAt) {
        ActivationUpdate u = get(updateId);
        refuseIfSaved(u);
        RemoteActivation a = activations.get(u.activationId());
        String message = null;
        Long seats = parseSeats(newSeats);
        Instant expiresAt = null;
        try {
            expiresAt = parseExpiry(newExpiresAt, a.expiresAt());
            if (seats == null) {
                throw GrantflowException.badRequest("invalid-request", "Enter the new number of seats (a whole number)");
            }
            check(a, seats, expiresAt);
        } catch (GrantflowException e) {
            message = e.getMessage();
        }
        boolean valid = message == null;
        boolean reduction = valid && seats < activations.holding(a).held();
        // A refused configuration is not kept as if it were one: Save finds nothing to save.
        jdbc.update("UPDATE gf_activation_update SET requested_seats = ?, requested_expires_at = ?, message = ?, status = ?, updated_at = ?"
                        + " WHERE id = ?",
                valid ? seats : null, valid ? RemoteActivations.utc(expiresAt) : null, message,
                (reduction ? UpdateStatus.AWAITING_REDUCTION_APPROVAL : UpdateStatus.AWAITING_SEAT_CONFIGURATION).name(),
                activations.now(), u.id());
        return new SeatCheck(valid, reduction, message);
    }

    /** The seat rules, shared by the process and the REST pre-check. */
    void check(RemoteActivation a, long seats, Instant expiresAt) {
        License license = licenses.get(a.licenseId());
        activations.checkSeatsAndExpiry(license, seats, expiresAt);
        long more = seats - activations.holding(a).held();
        if (more > license.available()) {
            throw RemoteActivations.seatsExceed(more, license.available());
        }
    }

    static Long parseSeats(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Blank keeps the current expiry; an ISO instant, offset date-time or date (midnight UTC) sets a new one. */
    static Instant parseExpiry(Object value, Instant current) {
        if (value == null || value.toString().isBlank()) {
            return current;
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        String s = value.toString().strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw GrantflowException.badRequest("invalid-request",
                        "The new expiry '" + s + "' is not a date (2027-06-30) or date-time (2027-06-30T00:00:00Z)");
            }
        }
    }

    // ---- Confirm seat reduction --------------------------------------------------------------------------

    /** Four-eyes: the service, not the form, refuses the configurer as approver. */
    void decideReduction(String updateId, String user, Boolean approved) {
        ActivationUpdate u = get(updateId);
        if (user == null) {
            throw fourEyes("Confirming a reduction needs a signed-in operator");
        }
        if (user.equals(u.configuredBy())) {
            throw fourEyes("A seat reduction must be confirmed by another operator than the one who configured it (" + user + ")");
        }
        if (approved == null) {
            throw GrantflowException.badRequest("invalid-request", "approved is required");
        }
        refuseIfSaved(u);
        jdbc.update("UPDATE gf_activation_update SET approved_by = ?, approved = ?, updated_at = ? WHERE id = ?", user, approved,
                activations.now(), u.id());
    }

    static GrantflowException fourEyes(String detail) {
        return GrantflowException.forbidden("four-eyes", detail);
    }

    // ---- Save and after -----------------------------------------------------------------------------------

    /** What Save did: the old expiry (bounds the wait for the receipt), or a refusal when the pool shrank since. */
    record Saved(Instant oldExpiresAt, String refusal) {
    }

    /**
     * Save, irreversible: an increase is allocated at once; seats freed by a reduction go in flight (pending) until
     * the receipt or the old activation's expiry. The activation runs with the new seats and expiry from now on.
     */
    Saved save(String updateId, String processInstanceId) {
        ActivationUpdate u = get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        if (!a.state().live()) {
            throw new IllegalStateException("Activation " + a.id() + " is " + a.state() + "; the update should have ended");
        }
        // Everything below is read from the database under the activation's lock, never from process variables: a
        // modification, a message or a variable write that brings the flow here cannot make Save do more than once
        // what the operators configured and approved. A refusal throws: the job fails into an incident, nothing moves.
        refuseIfSaved(u);
        if (!u.id().equals(a.pendingUpdateId()) || u.status().ordinal() > UpdateStatus.CONNECTION_TOKEN_READY.ordinal()) {
            throw GrantflowException.conflict("update-not-open", "Update " + u.id() + " is " + u.status() + "; there is nothing to save");
        }
        if (u.requestedSeats() == null || u.requestedExpiresAt() == null || u.configuredBy() == null) {
            throw GrantflowException.conflict("update-not-configured", "Update " + u.id()
                    + " has no accepted seat configuration; Save needs Configure printer seats completed with valid values");
        }
        long held = activations.holding(a).held();
        if (a.seats() != held) {
            throw GrantflowException.conflict("holding-mismatch", "Activation " + a.id() + " says " + a.seats()
                    + " seats, the ledger holds " + held + "; Save moves nothing until they agree (see the ledger verification)");
        }
        long seats = u.requestedSeats();
        Instant expiresAt = u.requestedExpiresAt();
        long delta = seats - held;
        if (delta < 0) {
            requireApproval(u);
        }
        String actor = u.approvedBy() == null ? u.configuredBy() : u.configuredBy() + "+" + u.approvedBy();
        License license = licenses.get(a.licenseId());
        String refusal = null;
        try {
            // The seat rules again, on the stored values: the clock or the license may have moved since validation.
            activations.checkSeatsAndExpiry(license, seats, expiresAt);
        } catch (GrantflowException e) {
            refusal = e.getMessage();
        }
        // Checked before the ledger call: a refused ledger call would doom the step's transaction. A pool that shrinks
        // between this check and the allocation fails the step, and its retry lands here.
        if (refusal == null && delta > license.available()) {
            refusal = RemoteActivations.seatsExceed(delta, license.available()).getMessage();
        }
        if (refusal != null) {
            jdbc.update("UPDATE gf_activation_update SET requested_seats = NULL, requested_expires_at = NULL, message = ?, status = ?,"
                            + " updated_at = ? WHERE id = ?", refusal, UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(), activations.now(), u.id());
            return new Saved(a.expiresAt(), refusal);
        }
        if (delta > 0) {
            ledger.allocate(new Movement("increase:" + u.id(), a.licenseId(), a.id(), delta, "remote-activation-update",
                    u.updateJti(), processInstanceId, actor));
        } else if (delta < 0) {
            String pendingId = "reduce:" + u.id();
            ledger.beginRelease(new Movement(pendingId, a.licenseId(), a.id(), -delta, "remote-activation-reduction",
                    u.updateJti(), processInstanceId, actor), a.expiresAt());
            jdbc.update("UPDATE gf_activation_update SET pending_transfer_id = ? WHERE id = ?", pendingId, u.id());
        }
        jdbc.update("UPDATE gf_activation_update SET saved_at = ?, in_flight_seats = ?, updated_at = ? WHERE id = ? AND saved_at IS NULL",
                activations.now(), delta < 0 ? -delta : null, activations.now(), u.id());
        jdbc.update("UPDATE gf_remote_activation SET seats = ?, expires_at = ?, version = version + 1 WHERE id = ?",
                seats, RemoteActivations.utc(expiresAt), a.id());
        if (!expiresAt.equals(a.expiresAt())) {
            activations.expiryChanged(a.id(), expiresAt);
        }
        return new Saved(a.expiresAt(), null);
    }

    /** Four-eyes, from the database: a reduction saves only with a recorded yes by another operator than the configurer. */
    private void requireApproval(ActivationUpdate u) {
        Boolean approved = jdbc.queryForObject("SELECT approved FROM gf_activation_update WHERE id = ?", Boolean.class, u.id());
        if (!Boolean.TRUE.equals(approved) || u.approvedBy() == null || u.approvedBy().equals(u.configuredBy())) {
            throw fourEyes("The seat reduction of " + u.id() + " has no recorded approval by another operator than "
                    + u.configuredBy() + "; Save refuses it");
        }
    }

    /** Only for what Save saved, once per update: the token's seats are the ledger's holding, which Save set. */
    IssuedToken issueConnectionToken(String updateId, String processInstanceId) {
        ActivationUpdate u = get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        if (savedAt(u.id()) == null) {
            throw GrantflowException.conflict("update-not-saved", "Update " + u.id() + " was not saved; no connection token without Save");
        }
        if (u.connectionJti() != null) {
            throw GrantflowException.conflict("connection-token-issued", "Update " + u.id() + " has its connection token ("
                    + u.connectionJti() + "); one per update");
        }
        long held = activations.holding(a).held();
        if (held != a.seats() || !Objects.equals(u.requestedSeats(), held)) {
            throw GrantflowException.conflict("holding-mismatch", "Activation " + a.id() + " says " + a.seats() + " seats, update "
                    + u.id() + " saved " + u.requestedSeats() + ", the ledger holds " + held + "; no connection token is signed");
        }
        IssuedToken token = activations.issueConnectionToken(a, held, a.expiresAt(), u.updateJti(), processInstanceId);
        jdbc.update("UPDATE gf_activation_update SET connection_jti = ?, status = ?, message = NULL, updated_at = ? WHERE id = ?",
                token.jti(), UpdateStatus.CONNECTION_TOKEN_READY.name(), activations.now(), u.id());
        jdbc.update("UPDATE gf_remote_activation SET current_connection_jti = ?, version = version + 1 WHERE id = ?", token.jti(), a.id());
        return token;
    }

    /**
     * The receipt proved the new token is applied: in-flight seats return to the license. The jti the message
     * announced is not taken as proof: anyone who can correlate a message can announce one.
     */
    void applied(String updateId, String announcedReceiptJti, String processInstanceId) {
        ActivationUpdate u = get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        // The proof is the registry's accepted receipt for this update's token, not the variable the message carried.
        String receipt = activations.requireReceipt(a, u.connectionJti());
        postInFlight(u, a, "receipt", receipt, processInstanceId);
        finish(u, UpdateStatus.APPLIED, null);
    }

    /** No receipt before the old activation expired: the installation runs without the freed seats by now. */
    void oldActivationExpired(String updateId, String processInstanceId) {
        ActivationUpdate u = get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        // The clock decides: the old activation's expiry as the ledger's pending transfer recorded it at Save.
        Instant due = u.pendingTransferId() == null ? u.currentExpiresAt()
                : ledger.pendingTimeout(u.pendingTransferId()).orElse(u.currentExpiresAt());
        if (clock.instant().isBefore(due)) {
            throw RemoteActivations.tooEarly("The old activation of " + a.id() + " expires at " + due
                    + "; its in-flight seats return then or with the installation's receipt");
        }
        postInFlight(u, a, "old-activation-expired", "expiry:" + due, processInstanceId);
        finish(u, UpdateStatus.EXPIRED, "No receipt before the old activation expired; the freed seats returned to the license");
    }

    void rejected(String updateId) {
        ActivationUpdate u = get(updateId);
        finish(u, UpdateStatus.REJECTED, "The seat reduction was refused by " + u.approvedBy() + "; nothing changed");
    }

    void expired(String updateId) {
        ActivationUpdate u = get(updateId);
        finish(u, UpdateStatus.EXPIRED, "The update token expired before the seats were configured; nothing changed");
    }

    private void postInFlight(ActivationUpdate u, RemoteActivation a, String reason, String proof, String processInstanceId) {
        String pending = u.pendingTransferId();
        if (pending != null && ledger.openPending(a.licenseId(), a.id()).contains(pending)) {
            ledger.postPending(pending, "post:" + pending, reason, proof, processInstanceId, "grantflow");
        }
    }

    private void finish(ActivationUpdate u, UpdateStatus status, String message) {
        jdbc.update("UPDATE gf_activation_update SET status = ?, message = ?, updated_at = ? WHERE id = ?", status.name(), message,
                activations.now(), u.id());
        jdbc.update("UPDATE gf_remote_activation SET pending_update_id = NULL, version = version + 1 WHERE id = ? AND pending_update_id = ?",
                u.activationId(), u.id());
    }

    static final RowMapper<ActivationUpdate> ROW = (rs, i) -> new ActivationUpdate(rs.getString("id"), rs.getString("activation_id"),
            rs.getString("update_jti"), RemoteActivations.instant(rs.getObject("update_token_expires_at", OffsetDateTime.class)),
            UpdateStatus.valueOf(rs.getString("status")), rs.getLong("current_seats"),
            RemoteActivations.instant(rs.getObject("current_expires_at", OffsetDateTime.class)),
            rs.getObject("requested_seats") == null ? null : rs.getLong("requested_seats"),
            RemoteActivations.instant(rs.getObject("requested_expires_at", OffsetDateTime.class)), rs.getString("configured_by"),
            rs.getString("approved_by"), rs.getString("message"), rs.getString("connection_jti"), rs.getString("pending_transfer_id"),
            rs.getString("process_instance_id"));
}
