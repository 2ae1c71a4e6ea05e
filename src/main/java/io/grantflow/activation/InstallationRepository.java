package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of gf_installation: an installation and the account it belongs to (its key lives in the tokens module). */
@Repository
@RequiredArgsConstructor
class InstallationRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    Optional<String> accountOf(String installationId) {
        return jdbc.sql("SELECT account_id FROM gf_installation WHERE id = ?").param(installationId).query(String.class).optional();
    }

    void insert(String installationId, String accountId) {
        jdbc.sql("INSERT INTO gf_installation (id, account_id, created_at) VALUES (?, ?, ?)")
                .params(installationId, accountId, Utc.now(clock)).update();
    }
}
