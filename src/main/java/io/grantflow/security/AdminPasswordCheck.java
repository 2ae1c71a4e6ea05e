package io.grantflow.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * No default or placeholder administrator outside the demo. On a database without the administrator yet, the
 * engine would create {@code camunda.bpm.admin-user} with whatever password it is given, the literal
 * {@code ${GRANTFLOW_ADMIN_PASSWORD}} included; this check runs just before (ordered ahead of Camunda's own
 * admin-user step) and refuses to start instead. A database whose administrator exists starts without the variable:
 * the password is only ever used to create that user. The demo keeps {@code admin/admin}.
 */
@Component
@Order(-1)
class AdminPasswordCheck extends AbstractProcessEnginePlugin {

    static final int MIN_LENGTH = 12;

    private static final Logger log = LoggerFactory.getLogger(AdminPasswordCheck.class);

    private final CamundaBpmProperties camunda;
    private final boolean demo;

    AdminPasswordCheck(CamundaBpmProperties camunda, @Value("${grantflow.demo:true}") boolean demo) {
        this.camunda = camunda;
        this.demo = demo;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        var admin = camunda.getAdminUser();
        if (admin == null || admin.getId() == null
                || engine.getIdentityService().createUserQuery().userId(admin.getId()).count() > 0) {
            return;
        }
        String problem = problem(admin.getPassword(), demo);
        if (problem != null) {
            String message = "No administrator password: " + problem + "; set GRANTFLOW_ADMIN_PASSWORD (at least "
                    + MIN_LENGTH + " characters) for the first start of a new database";
            log.error(message);
            throw new AdminPasswordMissingException(message);
        }
    }

    /** Why the password may not be the first administrator's, or null when it may. */
    static String problem(String password, boolean demo) {
        if (password == null || password.isBlank()) {
            return "none is set";
        }
        if (password.contains("${")) {
            return "'" + password + "' is an unresolved placeholder";
        }
        if (!demo && password.length() < MIN_LENGTH) {
            return "the one set has fewer than " + MIN_LENGTH + " characters";
        }
        return null;
    }

    /** Startup refused: the message says what to set. */
    static final class AdminPasswordMissingException extends IllegalStateException {
        AdminPasswordMissingException(String message) {
            super(message);
        }
    }
}
