package io.grantflow.activation;

import io.grantflow.ledger.HolderBalance;
import io.grantflow.ledger.InsufficientBalanceException;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.IssuedToken;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.tokens.TokenRecords;
import io.grantflow.protocol.TokenType;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * Remote activations: add, lifecycle (warning, expiry), disconnect, and the reads the API shows. Every method
 * runs in the caller's transaction (a REST start's or the engine's), so a step and its ledger rows commit together.
 */
@Service
public class RemoteActivations {

    static final String ADD_PROCESS = "remote-activation-add";
    static final String UPDATE_PROCESS = "remote-activation-update";
    static final String DISCONNECT_PROCESS = "remote-activation-disconnect";
    static final String LIFECYCLE_PROCESS = "remote-activation-lifecycle";
    /** A sane upper bound on one activation's seats; larger numbers are typing errors. */
    static final long MAX_SEATS = 100_000;

    private final JdbcTemplate jdbc;
    private final LedgerService ledger;
    private final Licenses licenses;
    private final EdgeKeys edgeKeys;
    private final TokenIssuer issuer;
    private final GrantflowProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RuntimeService runtime;
    private final TokenRecords records;

    RemoteActivations(JdbcTemplate jdbc, LedgerService ledger, Licenses licenses, EdgeKeys edgeKeys, TokenIssuer issuer,
            GrantflowProperties properties, Clock clock, ApplicationEventPublisher events, RuntimeService runtime,
            TokenRecords records) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.licenses = licenses;
        this.edgeKeys = edgeKeys;
        this.issuer = issuer;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.runtime = runtime;
        this.records = records;
    }

    public record Started(String activationId, String processInstanceId) {
    }

    // ---- reads ------------------------------------------------------------------------------------------

    public Optional<RemoteActivation> find(String id) {
        return jdbc.query("SELECT * FROM gf_remote_activation WHERE id = ?", ROW, id).stream().findFirst();
    }

    RemoteActivation get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Remote activation", id));
    }

    /** The row, locked until the transaction ends: steps of one activation queue behind each other. */
    RemoteActivation lock(String id) {
        return jdbc.query("SELECT * FROM gf_remote_activation WHERE id = ? FOR UPDATE", ROW, id).stream().findFirst()
                .orElseThrow(() -> GrantflowException.notFound("Remote activation", id));
    }

    HolderBalance holding(RemoteActivation a) {
        return ledger.holding(a.licenseId(), a.id());
    }

    List<RemoteActivation> ofInstallation(String installationId) {
        return jdbc.query("SELECT * FROM gf_remote_activation WHERE installation_id = ? ORDER BY created_at, id", ROW, installationId);
    }

    // ---- add --------------------------------------------------------------------------------------------

    /** Validates, registers the installation and starts remote-activation-add, which allocates and issues the token. */
    public Started add(String licenseId, String installationId, Object installationKey, long seats, Instant expiresAt, String actor) {
        License license = licenses.get(licenseId);
        checkSeatsAndExpiry(license, seats, expiresAt);
        ECKey key = EdgeKeys.parsePublicKey(installationKey);
        List<String> owner = jdbc.queryForList("SELECT account_id FROM gf_installation WHERE id = ?", String.class, installationId);
        if (owner.isEmpty()) {
            jdbc.update("INSERT INTO gf_installation (id, account_id, created_at) VALUES (?, ?, ?)", installationId,
                    license.accountId(), now());
        } else if (!owner.get(0).equals(license.accountId())) {
            throw GrantflowException.conflict("account-mismatch",
                    "Installation '" + installationId + "' belongs to another account than license " + licenseId);
        }
        edgeKeys.register(installationId, EdgeKeys.Kind.INSTALLATION, license.accountId(), key);
        if (edgeKeys.find(installationId).orElseThrow().disabled()) {
            throw GrantflowException.conflict("installation-disconnected",
                    "Installation '" + installationId + "' was disconnected and its key disabled; register it under a new id");
        }
        if (seats > license.available()) {
            throw seatsExceed(seats, license.available());
        }
        String id = "RA-" + UUID.randomUUID();
        jdbc.update("INSERT INTO gf_remote_activation (id, license_id, installation_id, state, seats, expires_at, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, licenseId, installationId, ActivationState.PENDING.name(), seats, utc(expiresAt), now());
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, id);
        vars.put(ActivationVariables.LICENSE_ID, licenseId);
        vars.put(ActivationVariables.STARTED_BY, actor);
        vars.put(ActivationVariables.EXPIRES_AT, ActivationVariables.date(expiresAt));
        vars.put(ActivationVariables.RECEIPT_FOLLOW_UP, properties.receiptFollowUp().toString());
        ProcessInstance pi = runtime.startProcessInstanceByKey(ADD_PROCESS, id, vars);
        jdbc.update("UPDATE gf_remote_activation SET process_instance_id = ? WHERE id = ?", pi.getId(), id);
        return new Started(id, pi.getId());
    }

    /** Seats within (0, MAX_SEATS]; an expiry in the future and not after the license's. */
    void checkSeatsAndExpiry(License license, long seats, Instant expiresAt) {
        if (seats <= 0 || seats > MAX_SEATS) {
            throw GrantflowException.badRequest("invalid-request", "seats must be between 1 and " + MAX_SEATS);
        }
        if (expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            throw GrantflowException.badRequest("invalid-request", "expiresAt must be in the future");
        }
        if (expiresAt.isAfter(license.expiresAt())) {
            throw GrantflowException.badRequest("invalid-request",
                    "expiresAt may not be after the license's expiry " + license.expiresAt());
        }
    }

    static GrantflowException seatsExceed(long wanted, long available) {
        return GrantflowException.conflict("seats-exceed-license",
                wanted + " more seats requested, the license has " + available + " available");
    }

    /** Step of remote-activation-add; a repeated step allocates nothing more (the movement id is the activation's). */
    void allocate(String activationId, String processInstanceId, String actor) {
        RemoteActivation a = lock(activationId);
        try {
            ledger.allocate(new Movement("allocate:" + a.id(), a.licenseId(), a.id(), a.seats(), "remote-activation-add", null,
                    processInstanceId, actor));
        } catch (InsufficientBalanceException e) {
            throw seatsExceed(a.seats(), e.available());
        }
    }

    /** The connection token of an add: there is no update token, so the nonce is {@code "add:" + activationId}. */
    IssuedToken issueAddConnectionToken(String activationId, String processInstanceId) {
        RemoteActivation a = lock(activationId);
        IssuedToken token = issueConnectionToken(a, a.seats(), a.expiresAt(), "add:" + a.id(), processInstanceId);
        jdbc.update("UPDATE gf_remote_activation SET current_connection_jti = ?, version = version + 1 WHERE id = ?", token.jti(), a.id());
        return token;
    }

    IssuedToken issueConnectionToken(RemoteActivation a, long seats, Instant activationExp, String nonce, String processInstanceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = now.plus(properties.tokens().connectionTokenTtl());
        if (activationExp.isBefore(exp)) {
            exp = activationExp;
        }
        Map<String, Object> claims = new HashMap<>();
        claims.put("seats", seats);
        claims.put("activation_exp", activationExp.getEpochSecond());
        claims.put("nonce", nonce);
        claims.put("license", a.licenseId());
        return issuer.issue(TokenType.CONNECTION, a.installationId(), a.id(), now, exp, claims, processInstanceId);
    }

    void startLifecycle(String activationId) {
        RemoteActivation a = get(activationId);
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.EXPIRES_AT, ActivationVariables.date(a.expiresAt()));
        vars.put(ActivationVariables.WARNING_AT, ActivationVariables.date(warningAt(a.expiresAt())));
        runtime.startProcessInstanceByKey(LIFECYCLE_PROCESS, a.id(), vars);
    }

    /**
     * The installation applied the add's token. Only with proof from the database: an accepted receipt for the
     * activation's newest connection token; a message sent to the flow by other means is refused (the step fails).
     */
    void activate(String activationId) {
        RemoteActivation a = lock(activationId);
        if (a.state() != ActivationState.PENDING) {
            return;
        }
        requireReceipt(a, a.currentConnectionJti());
        jdbc.update("UPDATE gf_remote_activation SET state = ?, version = version + 1 WHERE id = ? AND state = ?",
                ActivationState.ACTIVE.name(), activationId, ActivationState.PENDING.name());
    }

    void markApplied(String activationId, String connectionJti, String receiptJti) {
        jdbc.update("UPDATE gf_remote_activation SET applied_connection_jti = ?, applied_receipt_jti = ?, version = version + 1"
                + " WHERE id = ?", connectionJti, receiptJti, activationId);
    }

    /**
     * The jti of the accepted receipt that proves {@code connectionJti} applied, the activation's newest connection
     * token; refused ({@code receipt-missing}) unless the token registry holds that receipt from this installation.
     */
    String requireReceipt(RemoteActivation a, String connectionJti) {
        String receipt = jdbc.queryForObject("SELECT applied_receipt_jti FROM gf_remote_activation WHERE id = ?", String.class, a.id());
        boolean proven = connectionJti != null && connectionJti.equals(a.currentConnectionJti())
                && connectionJti.equals(a.appliedConnectionJti())
                && records.accepted(a.installationId(), receipt, TokenType.RECEIPT, a.id());
        if (!proven) {
            throw GrantflowException.conflict("receipt-missing", "No accepted receipt for connection token " + connectionJti
                    + " of activation " + a.id() + ": nothing moves until the installation's receipt arrives");
        }
        return receipt;
    }

    void notifyNotApplied(String activationId, String updateId, String connectionJti, String processInstanceId) {
        RemoteActivation a = get(activationId);
        events.publishEvent(new ConnectionTokenNotApplied(a.id(), updateId, a.installationId(), connectionJti,
                clock.instant().minus(properties.receiptFollowUp()), processInstanceId));
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    Instant warningAt(Instant expiresAt) {
        return expiresAt.minus(properties.expiryWarningBefore());
    }

    /** The warning once per expiry date: shown in the API and published for notifiers. */
    void warnExpiry(String activationId) {
        RemoteActivation a = lock(activationId);
        if (!a.state().live() || a.expiryWarningAt() != null) {
            return;
        }
        jdbc.update("UPDATE gf_remote_activation SET expiry_warning_at = ?, version = version + 1 WHERE id = ?", now(), a.id());
        events.publishEvent(new ActivationExpiryWarning(a.id(), a.licenseId(), a.installationId(), a.expiresAt()));
    }

    /** An update moved the expiry: the lifecycle's timers follow, and a warning no longer due is withdrawn. */
    void expiryChanged(String activationId, Instant expiresAt) {
        if (warningAt(expiresAt).isAfter(clock.instant())) {
            jdbc.update("UPDATE gf_remote_activation SET expiry_warning_at = NULL WHERE id = ?", activationId);
        }
        runtime.createMessageCorrelation(ActivationVariables.MSG_EXPIRY_CHANGED)
                .processInstanceBusinessKey(activationId)
                .setVariable(ActivationVariables.EXPIRES_AT, ActivationVariables.date(expiresAt))
                .setVariable(ActivationVariables.WARNING_AT, ActivationVariables.date(warningAt(expiresAt)))
                .correlateAll();
    }

    /** Expiry: everything held and everything in flight goes back to the license. */
    void expire(String activationId, String processInstanceId) {
        RemoteActivation a = lock(activationId);
        if (!a.state().live()) {
            return;
        }
        // The clock decides, not the timer's firing: a job executed early or a modification into this step fails.
        if (clock.instant().isBefore(a.expiresAt())) {
            throw tooEarly("Activation " + a.id() + " expires at " + a.expiresAt() + "; its seats return then, not before");
        }
        returnAllSeats(a, "expire:" + a.id(), "activation-expired", "expiry:" + a.expiresAt(), processInstanceId, "grantflow");
        endOpenUpdate(a, UpdateStatus.EXPIRED, "The activation expired");
        endOtherFlows(a.id(), processInstanceId, "activation expired");
        jdbc.update("UPDATE gf_remote_activation SET state = ?, version = version + 1 WHERE id = ?", ActivationState.EXPIRED.name(), a.id());
    }

    // ---- disconnect ---------------------------------------------------------------------------------------

    Started startDisconnect(String activationId, String actor) {
        RemoteActivation a = lock(activationId);
        if (!a.state().live()) {
            throw GrantflowException.conflict("activation-not-active", "Remote activation " + a.id() + " is " + a.state());
        }
        jdbc.update("UPDATE gf_remote_activation SET disconnect_requested_by = ? WHERE id = ?", actor == null ? "unknown" : actor, a.id());
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.ACTIVATION_ID, a.id());
        vars.put(ActivationVariables.STARTED_BY, actor);
        ProcessInstance pi = runtime.startProcessInstanceByKey(DISCONNECT_PROCESS, a.id(), vars);
        return new Started(a.id(), pi.getId());
    }

    /** Step of remote-activation-disconnect: seats back, other flows of the activation ended, tokens refused. */
    void disconnect(String activationId, String processInstanceId, String actor) {
        RemoteActivation a = lock(activationId);
        if (!a.state().live()) {
            return;
        }
        // The request is Grantflow's record, not the process: a disconnect flow started by other means frees nothing.
        String requestedBy = jdbc.queryForObject("SELECT disconnect_requested_by FROM gf_remote_activation WHERE id = ?", String.class, a.id());
        if (requestedBy == null) {
            throw GrantflowException.conflict("disconnect-not-requested", "No disconnect of " + a.id()
                    + " was requested through Grantflow (POST /api/v1/remote-activations/{id}/disconnect); its seats stay");
        }
        returnAllSeats(a, "disconnect:" + a.id(), "activation-disconnected", "disconnect-requested-by:" + requestedBy,
                processInstanceId, requestedBy);
        endOpenUpdate(a, UpdateStatus.REJECTED, "The activation was disconnected");
        endOtherFlows(a.id(), processInstanceId, "activation disconnected");
        jdbc.update("UPDATE gf_remote_activation SET state = ?, version = version + 1 WHERE id = ?",
                ActivationState.DISCONNECTED.name(), a.id());
    }

    /** The installation's key is disabled once no live activation needs it. */
    void disableKeyIfUnused(String activationId) {
        RemoteActivation a = get(activationId);
        boolean stillLive = ofInstallation(a.installationId()).stream().anyMatch(o -> o.state().live());
        if (!stillLive) {
            edgeKeys.disable(a.installationId());
        }
    }

    private void returnAllSeats(RemoteActivation a, String movementId, String reason, String proof, String processInstanceId,
            String actor) {
        for (String pending : ledger.openPending(a.licenseId(), a.id())) {
            ledger.postPending(pending, "post:" + pending, reason, proof, processInstanceId, actor);
        }
        HolderBalance held = ledger.holding(a.licenseId(), a.id());
        if (held.held() > 0) {
            ledger.release(new Movement(movementId, a.licenseId(), a.id(), held.held(), reason, proof, processInstanceId, actor));
        }
    }

    private void endOpenUpdate(RemoteActivation a, UpdateStatus status, String message) {
        if (a.pendingUpdateId() != null) {
            jdbc.update("UPDATE gf_activation_update SET status = ?, message = ?, updated_at = ? WHERE id = ? AND status IN (?, ?, ?)",
                    status.name(), message, now(), a.pendingUpdateId(), UpdateStatus.AWAITING_SEAT_CONFIGURATION.name(),
                    UpdateStatus.AWAITING_REDUCTION_APPROVAL.name(), UpdateStatus.CONNECTION_TOKEN_READY.name());
            jdbc.update("UPDATE gf_remote_activation SET pending_update_id = NULL WHERE id = ?", a.id());
        }
    }

    /** Add and update flows still waiting for this activation end with it. */
    private void endOtherFlows(String activationId, String exceptProcessInstanceId, String reason) {
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(activationId).list().stream()
                .filter(pi -> !pi.getId().equals(exceptProcessInstanceId))
                .filter(pi -> !pi.getProcessDefinitionId().startsWith(DISCONNECT_PROCESS + ":"))
                .forEach(pi -> runtime.deleteProcessInstance(pi.getId(), reason, true, true));
    }

    // ---- helpers --------------------------------------------------------------------------------------

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static final RowMapper<RemoteActivation> ROW = (rs, i) -> new RemoteActivation(rs.getString("id"), rs.getString("license_id"),
            rs.getString("installation_id"), ActivationState.valueOf(rs.getString("state")), rs.getLong("seats"),
            instant(rs.getObject("expires_at", OffsetDateTime.class)), instant(rs.getObject("expiry_warning_at", OffsetDateTime.class)),
            rs.getString("pending_update_id"), rs.getString("current_connection_jti"), rs.getString("applied_connection_jti"),
            rs.getString("process_instance_id"), rs.getLong("version"));

    static GrantflowException tooEarly(String detail) {
        return GrantflowException.conflict("too-early", detail);
    }

    static GrantflowException notActive(RemoteActivation a) {
        return GrantflowException.conflict("activation-not-active",
                "Remote activation " + a.id() + " is " + a.state() + "; its tokens are no longer accepted");
    }
}
