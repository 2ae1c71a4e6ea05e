package io.grantflow.credits;

import io.grantflow.account.AccountFilter;
import io.grantflow.account.CallerAccount;
import io.grantflow.shared.Shown;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's HOME systems and the credits that wait for a revoke key, for the home page, with the same account checks
 * as the API's lists.
 */
@Service
@RequiredArgsConstructor
public class CreditOverview {

    private final HomeSystemRepository systemRows;
    private final CreditAssignmentRepository assignments;
    private final Systems systems;
    private final CallerAccount caller;

    public record SystemLine(String id, String accountId, String label, boolean online, Instant lastSeenAt) {
    }

    /** Credits being revoked: they return to the subscription once the system's revoke key is entered. */
    public record AwaitingRevokeKey(String assignmentId, String accountId, String systemId, String systemLabel, long credits,
            Instant since) {
    }

    /** The newest systems the caller may see. */
    @Transactional(readOnly = true)
    public Shown<SystemLine> systems(int limit) {
        AccountFilter accounts = AccountFilter.of(caller, null);
        if (accounts.nothing()) {
            return new Shown<>(List.of(), 0);
        }
        return new Shown<>(systemRows.newest(accounts.accountId(), limit).stream()
                .map(s -> new SystemLine(s.id(), s.accountId(), s.label(), systems.isOnline(s), s.lastSeenAt())).toList(),
                systemRows.count(accounts.accountId()));
    }

    /** The caller's assignments waiting for a revoke key, the most recently revoked first. */
    @Transactional(readOnly = true)
    public Shown<AwaitingRevokeKey> awaitingRevokeKey(int limit) {
        AccountFilter accounts = AccountFilter.of(caller, null);
        if (accounts.nothing()) {
            return new Shown<>(List.of(), 0);
        }
        Map<String, HomeSystem> seen = new HashMap<>();
        return new Shown<>(assignments.newestIn(AssignmentState.REVOKING, accounts.accountId(), limit).stream()
                .map(a -> {
                    HomeSystem system = seen.computeIfAbsent(a.systemId(), systemRows::get);
                    return new AwaitingRevokeKey(a.id(), system.accountId(), system.id(), system.label(), a.credits(), a.updatedAt());
                })
                .toList(), assignments.countIn(AssignmentState.REVOKING, accounts.accountId()));
    }
}
