package io.grantflow.credits;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import org.springframework.context.ApplicationContext;

/**
 * The credit flows driven in process, through the same service calls the REST controllers make: the one public door
 * the benchmark and other features' tests use, so that the services themselves stay package-private. Each call runs
 * in the caller's transaction, as the controllers' do.
 */
public final class InProcessCredits {

    /** An assignment started: its id and the state the start left it in (DOWNLOADED online, ASSIGNED offline). */
    public record Assigned(String assignmentId, String state) {
    }

    private final CreditAssignments assignments;
    private final CreditRevocations revocations;
    private final Systems systems;

    public InProcessCredits(ApplicationContext context) {
        this.assignments = context.getBean(CreditAssignments.class);
        this.revocations = context.getBean(CreditRevocations.class);
        this.systems = context.getBean(Systems.class);
    }

    public void link(String systemId, String accountId, String label, ECKey key) {
        systems.link(systemId, accountId, label, key);
    }

    /** A call-in's heartbeat: the system is online from {@code at}. */
    public void seen(String systemId, Instant at) {
        systems.seen(systemId, at);
    }

    public Assigned assign(String systemId, String subscriptionId, long credits, Instant autoRevokeAt, String actor) {
        CreditAssignments.Started started = assignments.start(systemId, subscriptionId, credits, autoRevokeAt, actor);
        return new Assigned(started.assignmentId(), started.state().name());
    }

    /** The credit file, as {@code POST /credit-assignments/{id}/download}. */
    public String download(String assignmentId, String actor) {
        return assignments.download(assignmentId, actor);
    }

    /** A revoke, as {@code POST /credit-assignments/{id}/revocations}: answers what it waits for (or RETURNED). */
    public String revoke(String assignmentId, String actor) {
        return revocations.start(assignmentId, actor).status().name();
    }

    public String enterRevokeKey(String assignmentId, String revokeKey, String actor) {
        return revocations.enterRevokeKey(assignmentId, revokeKey, actor).name();
    }
}
