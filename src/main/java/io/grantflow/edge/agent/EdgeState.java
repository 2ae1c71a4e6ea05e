package io.grantflow.edge.agent;

import io.grantflow.protocol.EdgeTokenSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code state.json}: what the edge holds (seats of its activations, credits of its assignments), what it spends
 * them on, which of Grantflow's tokens it has accepted (replay and clock protection) and what it still has to hand
 * back (receipts, revoke keys and disconnect proofs not yet accepted by Grantflow).
 */
final class EdgeState {

    /** Seats granted to this installation by one remote activation, from the newest connection token applied. */
    static final class Activation {
        public String license;
        public int seats;
        public Instant expiresAt;
        public String connectionJti;
        public Instant connectionIssuedAt;
        public Instant appliedAt;
    }

    /** Credits held by this HOME system from one credit assignment. */
    static final class Assignment {
        public String subscription;
        public int credits;
        public Instant expiresAt;
        public String fileJti;
        public Instant appliedAt;

        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** An assignment this system gave up, with the revoke key that proves it. */
    static final class GivenUp {
        public String fileJti;
        public String revokeJti;
        public String revokeKey;
        public Instant at;
    }

    /** An activation this installation dropped, with the disconnect proof that says so. */
    static final class Dropped {
        public String connectionJti;
        public String proofJti;
        public String proof;
        public Instant at;
    }

    /** A receipt, revoke key or disconnect proof to hand to Grantflow at the next call-in. */
    static final class OutboxItem {
        public String kind;
        public String subject;
        public String jti;
        public String token;
        public Instant expiresAt;

        OutboxItem() {
        }

        OutboxItem(String kind, String subject, EdgeTokenSigner.Signed signed) {
            this.kind = kind;
            this.subject = subject;
            this.jti = signed.jti();
            this.token = signed.compact();
            this.expiresAt = signed.expiresAt();
        }

        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    static final String RECEIPT = "receipt";
    static final String REVOKE_KEY = "revoke-key";
    static final String DISCONNECT_PROOF = "disconnect-proof";

    public Map<String, Activation> activations = new TreeMap<>();
    public Map<String, Assignment> assignments = new TreeMap<>();
    /** Licensed resource name → credits it uses. */
    public Map<String, Integer> resources = new TreeMap<>();
    public Map<String, GivenUp> givenUp = new TreeMap<>();
    /** Activations whose connection token was dropped: none of their connection tokens is applied again. */
    public Map<String, Dropped> dropped = new TreeMap<>();
    /** jtis of every Grantflow token accepted (or given up before it arrived): a second one is a replay. */
    public Set<String> seenJtis = new LinkedHashSet<>();
    /** The newest {@code iat} of an accepted token: a clock reading earlier than this was set back. */
    public Instant newestIssuedAt;
    public List<OutboxItem> outbox = new ArrayList<>();

    /** An air-gapped edge never calls in: what it handed over by hand leaves the outbox when it expires. */
    void dropExpired(Instant now) {
        outbox.removeIf(i -> !i.validAt(now));
    }

    List<OutboxItem> outbox(Instant now) {
        return outbox.stream().filter(i -> i.validAt(now)).toList();
    }

    int creditsHeld(Instant now) {
        return assignments.values().stream().filter(a -> a.validAt(now)).mapToInt(a -> a.credits).sum();
    }

    int creditsInUse() {
        return resources.values().stream().mapToInt(Integer::intValue).sum();
    }
}
