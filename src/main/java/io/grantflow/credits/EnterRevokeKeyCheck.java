package io.grantflow.credits;

import io.grantflow.shared.TaskFormCheck;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * "Enter revoke key" completed at an engine door: a key that does not verify (signature, subject, replay, the wrong
 * credit file…) is refused where the operator clicked Complete, with the REST API's token codes, by the checks Verify
 * revoke key makes after. The key is neither spent nor kept.
 */
@Component
class EnterRevokeKeyCheck implements TaskFormCheck {

    private final CreditRevocations revocations;
    private final RuntimeService runtime;

    EnterRevokeKeyCheck(@Lazy CreditRevocations revocations, @Lazy RuntimeService runtime) {
        this.revocations = revocations;
        this.runtime = runtime;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(CreditRevokeProcess.USER_TASK_ENTER_KEY);
    }

    @Override
    public void check(Submission s) {
        Object assignmentId = runtime.getVariable(s.processInstanceId(), CreditVariables.ASSIGNMENT_ID);
        if (assignmentId == null) {
            return;
        }
        Object key = s.has(CreditVariables.REVOKE_KEY) ? s.submitted().get(CreditVariables.REVOKE_KEY)
                : runtime.getVariable(s.processInstanceId(), CreditVariables.REVOKE_KEY);
        revocations.precheckRevokeKey(assignmentId.toString(), key == null ? null : key.toString());
    }
}
