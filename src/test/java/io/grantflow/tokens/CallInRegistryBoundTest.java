package io.grantflow.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Heartbeats do not grow the token registry: call-in bearers are forgotten once they can no longer be replayed. */
@GrantflowTest
class CallInRegistryBoundTest {

    @Autowired
    EdgeTokens edgeTokens;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void callInsWhenTenOnlineWindowsPassThenAtMostTwoRowsPerSystemAndNoReplay() {
        List<EdgeKeyPair> systems = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EdgeKeyPair system = EdgeKeyPair.create("SYS-B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
            tx.executeWithoutResult(s -> edgeKeys.register(system.id(), EdgeKeys.Kind.SYSTEM, "ACME", system.privateKey().toPublicJWK()));
            systems.add(system);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String lastBearer = null;
        for (int window = 0; window < 10; window++) {
            Instant at = start.plus(Duration.ofMinutes(5L * window));
            ClockUtil.setCurrentTime(Date.from(at));
            for (EdgeKeyPair system : systems) {
                // as the agent calls in: a fresh bearer, valid 5 minutes
                String bearer = system.token("callin+jwt", system.id()).issuedAt(at).ttl(Duration.ofMinutes(5)).sign();
                tx.execute(s -> edgeTokens.accept(bearer, TokenType.CALLIN, t -> t));
                lastBearer = bearer;
            }
        }

        for (EdgeKeyPair system : systems) {
            Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record WHERE issuer = ? AND typ = 'callin+jwt'",
                    Integer.class, system.id());
            assertThat(rows).as(system.id()).isBetween(1, 2);
        }
        String replay = lastBearer;
        assertThatThrownBy(() -> tx.execute(s -> edgeTokens.accept(replay, TokenType.CALLIN, t -> t)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-replayed"));
    }
}
