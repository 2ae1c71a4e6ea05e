package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsRunH2WithFourClientsAndTheIssuesCounts() {
        BenchOptions o = BenchOptions.parse(new String[0]);
        assertThat(o.db()).isEqualTo("h2");
        assertThat(o.clients()).containsExactly(4);
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.warmUp()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.jitWarmUp()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.rounds()).isEqualTo(7);
        assertThat(o.warmUpRounds()).isEqualTo(1);
        assertThat(o.timerDrain()).isEqualTo(2_000);
        assertThat(o.waitingFlows()).isEqualTo(100_000);
        assertThat(o.out()).isEqualTo(Path.of("target", "bench", "bench-h2.json"));
    }

    @Test
    void quickUsesSmallCountsAndOptionsOverrideThem() {
        BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--db", "postgres", "--clients", "2,3", "--out", "x.json"});
        assertThat(o.quick()).isTrue();
        assertThat(o.clients()).isEqualTo(List.of(2, 3));
        assertThat(o.waitingFlows()).isEqualTo(300);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.warmUpRounds()).isZero();
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.out()).isEqualTo(Path.of("x.json"));
        assertThat(o.out().toString()).endsWith("x.json");
    }

    @Test
    void unknownDatabaseOrOptionIsRefused() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--db", "mysql"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds", "0"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warm-up-rounds", "-1"})).isInstanceOf(IllegalArgumentException.class);
        assertThat(BenchOptions.parse(new String[] {"--warm-up-rounds", "0"}).warmUpRounds()).isZero();
    }

    @Test
    void percentilesComeFromTheSortedLatencies() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (i + 1) * 1_000_000L;
        }
        assertThat(Measure.percentile(nanos, 0.50)).isEqualTo(50.0);
        assertThat(Measure.percentile(nanos, 0.99)).isEqualTo(99.0);
        assertThat(Measure.percentile(new long[0], 0.5)).isZero();
    }
}
