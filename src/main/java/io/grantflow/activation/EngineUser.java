package io.grantflow.activation;

import io.grantflow.shared.GroupRoles;

import io.grantflow.account.CallerAccount;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Runs an engine call as the HTTP caller, as Tasklist does: the engine's authorizations apply, and task
 * listeners see who completes a task (four-eyes). A customer holds no engine authorization: Grantflow's door and the
 * account check at loading let its step through, and the engine records the customer as who did it.
 */
@Component
class EngineUser {

    private final IdentityService identity;
    private final ProcessEngine engine;
    private final CallerAccount caller;

    EngineUser(IdentityService identity, ProcessEngine engine, CallerAccount caller) {
        this.identity = identity;
        this.engine = engine;
        this.caller = caller;
    }

    static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() ? null : auth.getName();
    }

    <T> T run(Supplier<T> call) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        List<String> groups = GroupRoles.groups(auth);
        identity.setAuthentication(auth.getName(), groups);
        try {
            if (caller.boundAccount().isPresent()) {
                return ((ProcessEngineImpl) engine).getProcessEngineConfiguration().getCommandExecutorTxRequired().execute(context -> {
                    context.disableAuthorizationCheck();
                    try {
                        return call.get();
                    } finally {
                        context.enableAuthorizationCheck();
                    }
                });
            }
            return call.get();
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Runs a call that goes through the engine, keeping our refusals' codes (see {@link #unwrap}). */
    static <T> T keepingCodes(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    /**
     * The engine wraps what a task listener throws; a refusal of ours (four-eyes, a seat rule) keeps its code.
     */
    static RuntimeException unwrap(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grantflow.protocol.GrantflowException g) {
                return g;
            }
        }
        return e;
    }

    /** Whether {@code user} is in the identity service's operators group (not merely claims to be). */
    static boolean isOperator(org.camunda.bpm.engine.IdentityService identity, String user) {
        return identity.createUserQuery().userId(user).memberOfGroup("operators").count() > 0;
    }

    /** Who completes a task: the engine's authentication (Tasklist, REST), else the assignee. */
    static String completer(org.camunda.bpm.engine.delegate.DelegateTask task) {
        var auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (auth != null && auth.getUserId() != null) {
            return auth.getUserId();
        }
        return task.getAssignee();
    }
}
