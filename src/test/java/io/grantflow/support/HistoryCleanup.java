package io.grantflow.support;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;

/** The engine's history cleanup, run now in the test's thread. */
public final class HistoryCleanup {

    private HistoryCleanup() {
    }

    /** Makes the cleanup job due now and runs it until it finds nothing more (it then reschedules itself later). */
    public static void runNow(ProcessEngine engine) {
        HistoryService history = engine.getHistoryService();
        ManagementService management = engine.getManagementService();
        Job cleanup = history.cleanUpHistoryAsync(true);
        for (int i = 0; i < 5; i++) {
            Job job = management.createJobQuery().jobId(cleanup.getId()).singleResult();
            if (job == null || job.getDuedate().after(ClockUtil.getCurrentTime())) {
                return;
            }
            management.executeJob(job.getId());
        }
    }
}
