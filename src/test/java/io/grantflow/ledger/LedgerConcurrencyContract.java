package io.grantflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** Many threads drawing from one pool never overspend, and the chain still verifies; run on H2 and PostgreSQL. */
interface LedgerConcurrencyContract {

    LedgerService ledger();

    LedgerVerifier verifier();

    TransactionTemplate tx();

    @Test
    default void allocateWhenManyThreadsDrawFromOnePoolThenNeverOverspent() throws Exception {
        String pool = "POOL-C-" + UUID.randomUUID();
        int total = 50;
        int threads = 8;
        int attemptsPerThread = 12;
        tx().executeWithoutResult(s -> ledger().openPool(pool, "CREDITS", total, "test"));
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(executor.submit((Callable<Void>) () -> {
                start.await();
                for (int i = 0; i < attemptsPerThread; i++) {
                    String id = "c:" + pool + ":" + thread + ":" + i;
                    try {
                        tx().executeWithoutResult(s -> ledger().allocate(new Movement(id, pool, "H-" + thread, 1, "test", null, null, "t")));
                        granted.incrementAndGet();
                    } catch (InsufficientBalanceException e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        executor.shutdown();
        System.out.printf("ledger concurrency: %d threads x %d attempts on a pool of %d: %d granted, %d refused%n",
                threads, attemptsPerThread, total, granted.get(), refused.get());
        assertThat(granted.get()).isEqualTo(total);
        assertThat(refused.get()).isEqualTo(threads * attemptsPerThread - total);
        PoolBalance balance = ledger().balance(pool).orElseThrow();
        assertThat(balance.available()).isZero();
        assertThat(balance.held()).isEqualTo(total);
        LedgerVerifier.Report report = verifier().verifyPool(pool);
        assertThat(report.broken()).isEmpty();
        assertThat(report.rows()).isEqualTo(total + 1);
    }

    @Test
    default void allocateWhenThreadsUseDifferentPoolsThenAllGranted() throws Exception {
        int threads = 4;
        List<String> pools = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String pool = "POOL-P-" + UUID.randomUUID();
            pools.add(pool);
            tx().executeWithoutResult(s -> ledger().openPool(pool, "SEATS", 20, "test"));
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (String pool : pools) {
            futures.add(executor.submit((Callable<Void>) () -> {
                for (int i = 0; i < 20; i++) {
                    String id = "p:" + pool + ":" + i;
                    tx().executeWithoutResult(s -> ledger().allocate(new Movement(id, pool, "H", 1, "test", null, null, "t")));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        executor.shutdown();
        for (String pool : pools) {
            assertThat(ledger().balance(pool).orElseThrow().available()).isZero();
            assertThat(verifier().verifyPool(pool).intact()).isTrue();
        }
    }
}
