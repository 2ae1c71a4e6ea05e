package io.grantflow.edge;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Steps the engine's due jobs (the job executor is off in tests), only those created since the snapshot, so a
 * test never runs another test's leftovers.
 */
final class EngineJobs {

    private final ManagementService management;
    private final Set<String> before = new HashSet<>();

    private EngineJobs(ManagementService management) {
        this.management = management;
        management.createJobQuery().list().forEach(j -> before.add(j.getId()));
    }

    static EngineJobs since(ManagementService management) {
        return new EngineJobs(management);
    }

    /** Executes every due job of this test until none is left (a job may create the next). */
    void drain() {
        for (int round = 0; round < 100; round++) {
            List<Job> due = management.createJobQuery().executable().list().stream().filter(j -> !before.contains(j.getId())).toList();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("Jobs keep coming after 100 rounds");
    }
}
