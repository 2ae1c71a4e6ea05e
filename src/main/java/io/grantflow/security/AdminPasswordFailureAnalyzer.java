package io.grantflow.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The refused start as Spring Boot's short report (what is wrong, what to do), not a page of stack trace. */
public class AdminPasswordFailureAnalyzer extends AbstractFailureAnalyzer<AdminPasswordCheck.AdminPasswordMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AdminPasswordCheck.AdminPasswordMissingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set the environment variable GRANTFLOW_ADMIN_PASSWORD (or camunda.bpm.admin-user.password) to a password of"
                        + " at least " + AdminPasswordCheck.MIN_LENGTH + " characters and start again.", cause);
    }
}
