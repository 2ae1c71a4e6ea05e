package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.protocol.GrantflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.ConcurrencyFailureException;

/** Two update tokens of one activation, started at the same moment: one update starts, the other is refused. */
final class ConcurrentUpdateStarts {

    private ConcurrentUpdateStarts() {
    }

    static void assertOnlyOneStarts(ActivationFixture fx) throws Exception {
        Act act = fx.active(fx.license(20), 5);
        List<String> tokens = List.of(fx.updateToken(act).sign(), fx.updateToken(act).sign(), fx.updateToken(act).sign());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
        List<Future<String>> results = new ArrayList<>();
        try {
            for (String token : tokens) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        fx.tx.execute(s -> fx.updates.start(token, "integrator"));
                        return "started";
                    } catch (GrantflowException e) {
                        return e.code();
                    } catch (ConcurrencyFailureException e) {
                        return "concurrent-modification";
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> r : results) {
                outcomes.add(r.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes).as(outcomes.toString()).containsOnlyOnce("started");
            assertThat(outcomes.stream().filter(o -> !o.equals("started")))
                    .allSatisfy(o -> assertThat(o).isIn("update-in-progress", "concurrent-modification"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(fx.count("SELECT COUNT(*) FROM gf_activation_update WHERE activation_id = '" + act.id() + "'")).isEqualTo(1);
        assertThat(fx.runtime.createProcessInstanceQuery().processDefinitionKey(ActivationProcesses.Update.KEY)
                .processInstanceBusinessKey(act.id()).count()).isEqualTo(1);
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNotNull();
    }
}
