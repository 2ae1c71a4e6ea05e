package io.grantflow.edge.agent;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.protocol.Claims;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the edge does to its holdings: apply Grantflow's files, spend and free credits, give credits up with a
 * revoke key, drop a disconnected activation with a disconnect proof. Each action reads and writes {@code state.json} once, under the lock; a refusal throws before the
 * write, so a refused file or command changes nothing.
 */
final class Holdings {

    static final Duration RECEIPT_TTL = Duration.ofDays(7);
    static final Duration REVOKE_KEY_TTL = Duration.ofDays(7);
    static final Duration DISCONNECT_PROOF_TTL = Duration.ofDays(7);

    /** What an apply did: lines for people, and for a connection token the receipt to hand back. */
    record Applied(List<String> lines, EdgeTokenSigner.Signed receipt) {
    }

    private final EdgeHome home;
    private final EdgeIdentity identity;
    private final Instant now;

    Holdings(EdgeHome home, EdgeIdentity identity, Instant now) {
        this.home = home;
        this.identity = identity;
        this.now = now;
    }

    Applied apply(String compact) {
        var trust = home.trust();
        return home.update(now, state -> {
            GrantflowFiles.Verified file = GrantflowFiles.verify(compact, identity, trust, state, now);
            state.seenJtis.add(file.jti());
            if (state.newestIssuedAt == null || file.issuedAt().isAfter(state.newestIssuedAt)) {
                state.newestIssuedAt = file.issuedAt();
            }
            if (file instanceof GrantflowFiles.Connection c) {
                return applyConnection(state, c);
            }
            return applyCredits(state, (GrantflowFiles.Credits) file);
        });
    }

    private Applied applyConnection(EdgeState state, GrantflowFiles.Connection c) {
        if (state.dropped.containsKey(c.activationId())) {
            // the disconnect proof said this installation let the seats go: no token of the activation brings them back
            throw new AgentException("activation-dropped", "Activation " + c.activationId() + " was dropped here (disconnect proof "
                    + state.dropped.get(c.activationId()).proofJti + "); its connection tokens are not applied again");
        }
        EdgeState.Activation held = state.activations.get(c.activationId());
        if (held != null && held.connectionIssuedAt != null && c.issuedAt().isBefore(held.connectionIssuedAt)) {
            // an older connection token must not bring back seats that a newer one took away
            throw new TokenException(Refusal.TOKEN_SUPERSEDED, "Activation " + c.activationId() + " already runs on a newer connection token (issued "
                    + held.connectionIssuedAt + ")");
        }
        EdgeState.Activation activation = new EdgeState.Activation();
        activation.license = c.license() != null ? c.license() : held == null ? null : held.license;
        activation.seats = c.seats();
        activation.expiresAt = c.activationExpiresAt();
        activation.connectionJti = c.jti();
        activation.connectionIssuedAt = c.issuedAt();
        activation.appliedAt = now;
        state.activations.put(c.activationId(), activation);
        EdgeTokenSigner.Signed receipt = identity.signer().sign(TokenType.RECEIPT, c.activationId(), now, RECEIPT_TTL,
                Map.of(Claims.CONNECTION_JTI, c.jti()));
        state.outbox.add(new EdgeState.OutboxItem(EdgeState.RECEIPT, c.activationId(), receipt));
        List<String> lines = new ArrayList<>();
        lines.add("applied connection token " + c.jti() + (held == null ? " (new activation)" : " (was " + held.seats + " seats)"));
        lines.add(Status.activation(c.activationId(), activation, now));
        return new Applied(lines, receipt);
    }

    private Applied applyCredits(EdgeState state, GrantflowFiles.Credits file) {
        List<String> lines = new ArrayList<>();
        lines.add("applied credit file " + file.jti());
        for (GrantflowFiles.Grant grant : file.assignments()) {
            if (state.givenUp.containsKey(grant.id())) {
                lines.add("assignment " + grant.id() + " was given up before: not taken again");
                continue;
            }
            EdgeState.Assignment a = new EdgeState.Assignment();
            a.subscription = grant.subscription();
            a.credits = grant.credits();
            a.expiresAt = grant.expiresAt();
            a.fileJti = file.jti();
            a.appliedAt = now;
            state.assignments.put(grant.id(), a);
            lines.add(Status.assignment(grant.id(), a, now));
        }
        lines.add(Status.credits(state, now));
        return new Applied(lines, null);
    }

    String use(String resource, int credits) {
        requireSystem();
        return home.update(now, state -> {
            GrantflowFiles.checkClock(state, now);
            int free = state.creditsHeld(now) - state.creditsInUse();
            if (credits > free) {
                throw new AgentException("insufficient-credits", "Resource " + resource + " needs " + credits + " credits, " + free + " are free");
            }
            state.resources.merge(resource, credits, Integer::sum);
            return "resource " + resource + " uses " + state.resources.get(resource) + " credits; " + Status.credits(state, now);
        });
    }

    String release(String resource) {
        requireSystem();
        return home.update(now, state -> {
            Integer credits = state.resources.remove(resource);
            if (credits == null) {
                throw new AgentException("unknown-resource", "No resource " + resource + " uses credits here");
            }
            return "resource " + resource + " released " + credits + " credits; " + Status.credits(state, now);
        });
    }

    /** Removes the assignment's credits and answers the revoke key; refused while the rest cannot cover what is in use. */
    EdgeTokenSigner.Signed revokeKey(String assignmentId, String fileJtiAsked) {
        requireSystem();
        return home.update(now, state -> {
            EdgeState.GivenUp given = state.givenUp.get(assignmentId);
            EdgeState.Assignment held = state.assignments.get(assignmentId);
            if (held == null && given != null) {
                return reissue(state, assignmentId, given);
            }
            String fileJti = fileJtiAsked != null ? fileJtiAsked : held == null ? null : held.fileJti;
            if (held == null && fileJti == null) {
                throw new AgentException("unknown-assignment", "This system holds no assignment " + assignmentId);
            }
            if (held != null) {
                int rest = state.creditsHeld(now) - (held.validAt(now) ? held.credits : 0);
                int inUse = state.creditsInUse();
                if (inUse > rest) {
                    throw new AgentException("credits-in-use", "Assignment " + assignmentId + " carries " + held.credits + " credits and "
                            + inUse + " are in use (" + state.resources + "); release resources first");
                }
                state.assignments.remove(assignmentId);
            } else {
                // Never received: its file is refused from now on, so the proof stays true.
                state.seenJtis.add(fileJti);
            }
            EdgeTokenSigner.Signed key = identity.signer().sign(TokenType.REVOKE, assignmentId, now, REVOKE_KEY_TTL,
                    Map.of(Claims.FILE_JTI, fileJti));
            EdgeState.GivenUp record = new EdgeState.GivenUp();
            record.fileJti = fileJti;
            record.revokeJti = key.jti();
            record.revokeKey = key.compact();
            record.at = now;
            state.givenUp.put(assignmentId, record);
            state.outbox.add(new EdgeState.OutboxItem(EdgeState.REVOKE_KEY, assignmentId, key));
            return key;
        });
    }

    /** Asked again for an assignment already given up: the same key while it is valid, else a fresh one. */
    private EdgeTokenSigner.Signed reissue(EdgeState state, String assignmentId, EdgeState.GivenUp given) {
        EdgeTokenSigner.Signed key;
        Instant exp = given.at == null ? null : given.at.plus(REVOKE_KEY_TTL);
        if (exp != null && now.plus(Duration.ofHours(1)).isBefore(exp)) {
            key = new EdgeTokenSigner.Signed(given.revokeJti, given.revokeKey, exp);
        } else {
            key = identity.signer().sign(TokenType.REVOKE, assignmentId, now, REVOKE_KEY_TTL, Map.of(Claims.FILE_JTI, given.fileJti));
            given.revokeJti = key.jti();
            given.revokeKey = key.compact();
            given.at = now;
        }
        String jti = key.jti();
        if (state.outbox.stream().noneMatch(i -> i.jti.equals(jti))) {
            state.outbox.add(new EdgeState.OutboxItem(EdgeState.REVOKE_KEY, assignmentId, key));
        }
        return key;
    }

    /**
     * Drops a disconnected activation's connection token and answers the disconnect proof (disconnect+jwt) that names
     * it; asked again, the same proof while it is valid, else a fresh one for the same token.
     */
    EdgeTokenSigner.Signed disconnectProof(String activationId) {
        if (identity.kind != EdgeIdentity.Kind.installation) {
            throw new AgentException("not-an-installation", "Only an installation holds seats; this edge is a " + identity.kind);
        }
        return home.update(now, state -> {
            EdgeState.Dropped dropped = state.dropped.get(activationId);
            EdgeState.Activation held = state.activations.get(activationId);
            if (held == null && dropped == null) {
                throw new AgentException("unknown-activation", "This installation holds no activation " + activationId);
            }
            EdgeTokenSigner.Signed proof;
            if (held == null) {
                Instant exp = dropped.at == null ? null : dropped.at.plus(DISCONNECT_PROOF_TTL);
                if (exp != null && now.plus(Duration.ofHours(1)).isBefore(exp)) {
                    return new EdgeTokenSigner.Signed(dropped.proofJti, dropped.proof, exp);
                }
                proof = signDisconnect(activationId, dropped.connectionJti);
            } else {
                state.activations.remove(activationId);
                dropped = new EdgeState.Dropped();
                dropped.connectionJti = held.connectionJti;
                state.dropped.put(activationId, dropped);
                proof = signDisconnect(activationId, held.connectionJti);
            }
            dropped.proofJti = proof.jti();
            dropped.proof = proof.compact();
            dropped.at = now;
            state.outbox.add(new EdgeState.OutboxItem(EdgeState.DISCONNECT_PROOF, activationId, proof));
            return proof;
        });
    }

    private EdgeTokenSigner.Signed signDisconnect(String activationId, String connectionJti) {
        return identity.signer().sign(TokenType.DISCONNECT, activationId, now, DISCONNECT_PROOF_TTL, Map.of(Claims.CONNECTION_JTI, connectionJti));
    }

    private void requireSystem() {
        if (identity.kind != EdgeIdentity.Kind.system) {
            throw new AgentException("not-a-system", "Only a HOME system holds credits; this edge is an " + identity.kind);
        }
    }
}
