package io.grantflow.audit;

import org.springframework.lang.Nullable;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.tokens.TokenRecords;
import java.util.List;

/** The whole story of one subject, in time order, with the process instances it touched. */
record Timeline(String kind, String id, List<ProcessSummary> processes, List<TimelineEvent> events,
        List<LedgerEntry> ledger, List<TokenRecords.TokenRecord> tokens) {

    public record ProcessSummary(String processInstanceId, String processDefinitionKey, String processDefinitionId, String state,
            java.time.Instant startedAt, @Nullable java.time.Instant endedAt, List<String> activitiesPassed) {
    }
}
