package io.grantflow.credits;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration overdueAfter;

    RevokeKeyOverdueCheck(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock,
            @Value("${grantflow.notifications.revoke-key-overdue-after:P3D}") Duration overdueAfter) {
        this.jdbc = jdbc;
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
        OffsetDateTime before = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(overdueAfter);
        List<RevokeKeyOverdue> overdue = jdbc.query(
                "SELECT a.id, a.system_id, a.subscription_id, s.account_id, a.credits, a.updated_at, a.revoke_process_instance_id"
                        + " FROM gf_credit_assignment a JOIN gf_system s ON s.id = a.system_id"
                        + " WHERE a.state = ? AND a.updated_at < ? ORDER BY a.updated_at, a.id FETCH FIRST " + MAX_PER_CHECK + " ROWS ONLY",
                (rs, i) -> new RevokeKeyOverdue(rs.getString("id"), rs.getString("system_id"), rs.getString("subscription_id"),
                        rs.getString("account_id"), rs.getLong("credits"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                        rs.getString("revoke_process_instance_id")),
                AssignmentState.REVOKING.name(), before);
        overdue.forEach(events::publishEvent);
        return overdue.size();
    }
}
