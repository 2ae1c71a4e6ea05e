package io.grantflow.account;

import lombok.RequiredArgsConstructor;
import java.time.Clock;
import java.util.Optional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers: they own licenses, subscriptions, installations and systems. */
@Service
@RequiredArgsConstructor
public class Accounts {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CallerAccount caller;

    @Transactional
    public void create(String id, String name) {
        jdbc.update("INSERT INTO gf_account (id, name, created_at) VALUES (?, ?, ?)", id, name,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** The account's name, for a caller who may see it; empty for another account, as for a missing one. */
    public Optional<String> name(String id) {
        if (!caller.maySee(id)) {
            return Optional.empty();
        }
        return jdbc.query("SELECT name FROM gf_account WHERE id = ?", (rs, i) -> rs.getString(1), id).stream().findFirst();
    }

    /** Whether the account exists for this caller: a customer's people know no account but their own. */
    public boolean exists(String id) {
        if (!caller.maySee(id)) {
            return false;
        }
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM gf_account WHERE id = ?", Integer.class, id);
        return n != null && n > 0;
    }

}
