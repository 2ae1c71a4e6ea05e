package io.grantflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs one operation in N client threads: a warm-up, then a measured window. Only operations that start and end
 * inside the window count; each counts as a success or a failure (an exception), with its latency.
 */
final class Measure {

    /** One operation of one client; {@code seq} counts that client's operations. Throwing = a failure. */
    interface Op {
        void run(long seq) throws Exception;
    }

    /** {@code attempted}: every operation run, warm-up and the window's edges included (rows per operation divide by it). */
    record Result(int clients, long ok, long failed, double seconds, double perSecond, double p50Ms, double p95Ms, double p99Ms,
            List<String> errors, long attempted) {
    }

    private Measure() {
    }

    static Result run(int clients, Duration warmUp, Duration window, Authentication user, IntFunction<Op> perClient)
            throws InterruptedException {
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong failed = new AtomicLong();
        AtomicLong attempted = new AtomicLong();
        List<String> errors = new ArrayList<>();
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            Op op = perClient.apply(client);
            latencies[c] = new long[1024];
            threads[c] = new Thread(() -> {
                if (user != null) {
                    SecurityContextHolder.getContext().setAuthentication(user);
                }
                long seq = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= windowEnd) {
                        break;
                    }
                    boolean ok;
                    try {
                        op.run(seq++);
                        ok = true;
                    } catch (Exception | AssertionError e) {
                        ok = false;
                        synchronized (errors) {
                            if (errors.size() < 5) {
                                errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                            }
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= windowStart && t1 <= windowEnd) {
                        if (ok) {
                            if (counts[client] == latencies[client].length) {
                                latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                            }
                            latencies[client][counts[client]++] = t1 - t0;
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
                attempted.addAndGet(seq);
                SecurityContextHolder.clearContext();
            }, "bench-client-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = window.toNanos() / 1e9;
        return new Result(clients, total, failed.get(), seconds, total / seconds, percentile(all, 0.50), percentile(all, 0.95),
                percentile(all, 0.99), errors, attempted.get());
    }

    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }
}
