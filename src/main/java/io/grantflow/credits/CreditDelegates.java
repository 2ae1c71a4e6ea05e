package io.grantflow.credits;

import static io.grantflow.credits.CreditVariables.actor;
import static io.grantflow.credits.CreditVariables.assignmentId;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The thin delegates of the credit processes, one bean per service task ({@code ${xxxDelegate}}): each reads ids from
 * the variables, calls the service, which loads what it needs by id, and writes back what the gateways read.
 */
@Configuration(proxyBeanMethods = false)
class CreditDelegates {

    // credit-assignment

    @Bean
    JavaDelegate checkSubscriptionDelegate(CreditAssignments assignments) {
        return ex -> {
            if (CreditVariables.flag(ex, CreditVariables.CHECKED_AT_START)) {
                return; // checked by the start, under the pool lock, in this transaction
            }
            String warning = assignments.checkSubscription(assignmentId(ex));
            if (warning != null) {
                ex.setVariable(CreditVariables.WARNING, warning); // the history keeps the warning the caller saw
            }
        };
    }

    @Bean
    JavaDelegate reserveCreditsDelegate(CreditAssignments assignments) {
        return ex -> assignments.reserve(assignmentId(ex), ex.getProcessInstanceId(), actor(ex));
    }

    @Bean
    JavaDelegate checkSystemOnlineDelegate(Systems systems) {
        return ex -> {
            Boolean atStart = CreditVariables.onlineAtStart(ex); // read by the start in this transaction
            ex.setVariable(CreditVariables.SYSTEM_ONLINE, atStart != null ? atStart : systems.isOnline(CreditVariables.systemId(ex)));
        };
    }

    @Bean
    JavaDelegate issueCreditFileDelegate(CreditAssignments assignments) {
        return ex -> assignments.issueFile(assignmentId(ex), ex.getProcessInstanceId(),
                !CreditVariables.flag(ex, CreditVariables.SYSTEM_ONLINE));
    }

    /** Shared by both flows: the assignment's end date passed. */
    @Bean
    JavaDelegate expireCreditsDelegate(CreditExpiry expiry) {
        return ex -> expiry.expire(assignmentId(ex), ex.getProcessInstanceId(), CreditVariables.timerActor(ex));
    }

    // credit-revoke

    @Bean
    JavaDelegate beginRevokeDelegate(CreditRevocations revocations) {
        return ex -> ex.setVariable(CreditVariables.REVOKE_STATUS,
                revocations.begin(assignmentId(ex), ex.getProcessInstanceId(), actor(ex)).name());
    }

    @Bean
    JavaDelegate verifyRevokeKeyDelegate(CreditRevocations revocations) {
        return ex -> {
            String key = CreditVariables.takeRevokeKey(ex);
            CreditVariables.revokeKeyOutcome(ex, revocations.verifyInProcess(assignmentId(ex), key, actor(ex)));
        };
    }
}
