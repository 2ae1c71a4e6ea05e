package io.grantflow.it;

import io.grantflow.support.GrantflowJar;
import io.grantflow.support.Http;
import io.grantflow.support.Postgres;
import java.nio.file.Path;
import java.util.List;

/** One node of a test cluster: a Grantflow jar on the shared PostgreSQL database, with its own data dir and name. */
final class ClusterNode {

    /** Base64 of 32 bytes: the key that seals the shared signing keys, the same on every node. */
    static final String SEALING_KEY = "Z3JhbnRmbG93LWNsdXN0ZXItdGVzdC1zZWFsaW5nLWs=";

    final String name;
    final int port;
    private final String databaseUrl;
    private final Path dataDir;
    private final boolean demo;
    private volatile GrantflowJar jar;

    ClusterNode(String name, String databaseUrl, Path dataDir, boolean demo) {
        this.name = name;
        this.port = GrantflowJar.freePort();
        this.databaseUrl = databaseUrl;
        this.dataDir = dataDir;
        this.demo = demo;
    }

    List<String> args() {
        return List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD,
                "--grantflow.keys.store=database",
                "--grantflow.keys.encryption-key=" + SEALING_KEY,
                "--camunda.bpm.admin-user.password=cluster-admin-password",
                "--grantflow.demo=" + demo,
                "--grantflow.data-dir=" + dataDir,
                "--grantflow.node-name=" + name,
                // a dead node's jobs come free after 10 s instead of 5 min; idle executors look for due jobs every 2 s
                "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                "--camunda.bpm.job-execution.wait-time-in-millis=500",
                "--camunda.bpm.job-execution.max-wait=2000",
                "--camunda.bpm.job-execution.max-jobs-per-acquisition=5");
    }

    /** Starts the jar and waits until it is healthy; answers how long that took, in ms. */
    long start() throws Exception {
        long t0 = System.nanoTime();
        jar = GrantflowJar.start(name, port, args(), java.time.Duration.ofSeconds(420));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    void kill() throws InterruptedException {
        jar.kill();
    }

    void stop() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
    }

    Http http() {
        return Http.at(port);
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }
}
