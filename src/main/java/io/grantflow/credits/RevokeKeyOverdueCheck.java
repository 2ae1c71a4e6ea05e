package io.grantflow.credits;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds revokes that have waited too long for their revoke key (state REVOKING since before now minus
 * {@code grantflow.notifications.revoke-key-overdue-after}) and publishes {@link RevokeKeyOverdue} for each, so a
 * person hears of it instead of finding it in Tasklist by chance. Read-only and bounded.
 */
@Component
public class RevokeKeyOverdueCheck {

    private static final Logger log = LoggerFactory.getLogger(RevokeKeyOverdueCheck.class);
    private static final int MAX_PER_CHECK = 500;

    private final CreditAssignmentRepository assignments;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration overdueAfter;

    RevokeKeyOverdueCheck(CreditAssignmentRepository assignments, ApplicationEventPublisher events, Clock clock,
            @Value("${grantflow.notifications.revoke-key-overdue-after:P3D}") Duration overdueAfter) {
        this.assignments = assignments;
        this.events = events;
        this.clock = clock;
        this.overdueAfter = overdueAfter;
    }

    @Scheduled(initialDelayString = "${grantflow.notifications.revoke-key-check-interval:PT15M}",
            fixedDelayString = "${grantflow.notifications.revoke-key-check-interval:PT15M}")
    void scheduled() {
        try {
            publishOverdue();
        } catch (RuntimeException e) {
            log.warn("Revoke-key check failed: {}", e.toString());
        }
    }

    /** Publishes one event per overdue revoke (oldest first, at most 500) and answers how many. */
    public int publishOverdue() {
        List<RevokeKeyOverdue> overdue = assignments.revokingSince(clock.instant().minus(overdueAfter), MAX_PER_CHECK);
        overdue.forEach(events::publishEvent);
        return overdue.size();
    }
}
