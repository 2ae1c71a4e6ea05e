package io.grantflow.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Camunda's identity service locks a user after {@code loginMaxAttempts} (10) wrong passwords for good, and for up to
 * {@code loginDelayMaxTime} after each one, whoever sent them: any anonymous client could lock out the administrator.
 * Grantflow's {@link LoginThrottle} limits guessing instead, per address and user name, with a visible
 * {@code 429} that ends by itself; the engine's lock is put out of reach. (A user locked before still needs an
 * administrator's unlock.)
 */
@Component
class NoEngineLockout extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
        configuration.setLoginDelayMaxTime(0);
    }
}
