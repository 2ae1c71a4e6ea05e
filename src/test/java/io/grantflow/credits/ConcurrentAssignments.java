package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.ledger.EntryKind;
import io.grantflow.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many assignments at once against one subscription, over HTTP, as clients race: exactly as many succeed as the
 * credits allow, every other one is {@code 409 insufficient-credits}, and the ledger chain verifies.
 */
final class ConcurrentAssignments {

    private ConcurrentAssignments() {
    }

    static void race(int port, CreditFixtures f, int credits, int requests, int threads) throws Exception {
        String sub = f.subscription(credits);
        Http http = Http.at(port);
        HttpSystem system = HttpSystem.link(http.as("operator"), "ACME");
        String path = "/api/v1/systems/" + system.id + "/credit-assignments";
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Http client = http.as(i % 2 == 0 ? "operator" : "integrator");
            answers.add(executor.submit(() -> {
                go.await();
                return client.postJson(path, Map.of("subscriptionId", sub, "credits", 1));
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        int accepted = 0;
        int insufficient = 0;
        List<String> unexpected = new ArrayList<>();
        for (Future<Http.Response> answer : answers) {
            Http.Response r = answer.get(120, TimeUnit.SECONDS);
            if (r.status() == 202) {
                accepted++;
            } else if (r.status() == 409 && "insufficient-credits".equals(r.code())) {
                insufficient++;
            } else {
                unexpected.add(r.toString());
            }
        }
        executor.shutdown();
        System.out.printf("Concurrent assignments: %d requests on %d threads against %d credits: %d accepted, %d insufficient-credits,"
                + " %d other, %d ms%n", requests, threads, credits, accepted, insufficient, unexpected.size(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(unexpected).isEmpty();
        assertThat(accepted).isEqualTo(credits);
        assertThat(insufficient).isEqualTo(requests - credits);
        Subscription after = f.subscriptions.get(sub);
        assertThat(after.available()).isZero();
        assertThat(after.assigned()).isEqualTo(credits);
        assertThat(f.entries(sub).stream().filter(e -> e.kind() == EntryKind.ALLOCATE).count()).isEqualTo(credits);
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_credit_assignment WHERE subscription_id = ?", Integer.class, sub))
                .isEqualTo(credits);
        assertThat(f.verifier.verifyPool(sub).broken()).isEmpty();
    }
}
