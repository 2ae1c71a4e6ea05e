package io.grantflow.account;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The owner of {@code gf_account_member}: which account a customer's person belongs to (one at most). */
@Service
@RequiredArgsConstructor
public class AccountMembers {

    private final JdbcClient jdbc;
    private final Clock clock;

    /** Makes the person a member of this account only (a move from another account included). */
    @Transactional
    public void join(String userId, String accountId) {
        jdbc.sql("DELETE FROM gf_account_member WHERE user_id = ?").param(userId).update();
        jdbc.sql("INSERT INTO gf_account_member (user_id, account_id, created_at) VALUES (?, ?, ?)")
                .params(userId, accountId, clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    @Transactional
    public void leave(String userId) {
        jdbc.sql("DELETE FROM gf_account_member WHERE user_id = ?").param(userId).update();
    }

    public Optional<String> accountOf(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT account_id FROM gf_account_member WHERE user_id = ?").param(userId).query(String.class).optional();
    }
}
