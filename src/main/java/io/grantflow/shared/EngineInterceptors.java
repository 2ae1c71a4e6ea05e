package io.grantflow.shared;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/** Adds Grantflow's command interceptors to the engine's configuration, after any already there. */
public final class EngineInterceptors {

    private EngineInterceptors() {
    }

    /** Before each command the services run in a transaction (every command a person can send). */
    public static void beforeCommands(ProcessEngineConfigurationImpl configuration, CommandInterceptor interceptor) {
        configuration.setCustomPreCommandInterceptorsTxRequired(with(configuration.getCustomPreCommandInterceptorsTxRequired(), interceptor));
    }

    /** Before each command the engine runs in a transaction of its own (some of its internal steps). */
    public static void beforeCommandsInTheirOwnTransaction(ProcessEngineConfigurationImpl configuration, CommandInterceptor interceptor) {
        configuration.setCustomPreCommandInterceptorsTxRequiresNew(with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), interceptor));
    }

    /** Inside the command's transaction, around the command itself. */
    public static void insideTransaction(ProcessEngineConfigurationImpl configuration, CommandInterceptor interceptor) {
        configuration.setCustomPostCommandInterceptorsTxRequired(with(configuration.getCustomPostCommandInterceptorsTxRequired(), interceptor));
    }

    private static List<CommandInterceptor> with(List<CommandInterceptor> present, CommandInterceptor added) {
        List<CommandInterceptor> all = present == null ? new ArrayList<>() : new ArrayList<>(present);
        all.add(added);
        return all;
    }
}
