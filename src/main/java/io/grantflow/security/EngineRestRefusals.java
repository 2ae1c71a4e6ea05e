package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.ProblemHandler;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * {@code /engine-rest} as Camunda configures it, plus one thing: when a Grantflow rule refuses a step that an engine
 * call ran (a forged receipt message, a timer executed early, Save pushed a second time), the answer is that rule's
 * problem — its status and code, as on Grantflow's own API — instead of Camunda's {@code 500} for an unknown exception.
 * Every other exception keeps Camunda's own answer.
 */
@Component
class EngineRestRefusals extends CamundaJerseyResourceConfig {

    /**
     * The last rule refusal an engine command failed with on this thread. Some of Camunda's resources rethrow a failure
     * as a new {@code RestException} with its message only (job execution does); the refusal is found again by it.
     */
    private static final ThreadLocal<GrantflowException> LAST_REFUSAL = new ThreadLocal<>();

    private final ObjectMapper json;

    EngineRestRefusals(ObjectMapper json) {
        this.json = json;
    }

    /** Remembers a command's rule refusal for the answer; every command passes through, refused or not. */
    @Component
    static class RefusalMemory extends AbstractProcessEnginePlugin {
        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                    ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
            interceptors.add(new CommandInterceptor() {
                @Override
                public <T> T execute(Command<T> command) {
                    try {
                        return next.execute(command);
                    } catch (GrantflowException refusal) {
                        LAST_REFUSAL.set(refusal);
                        throw refusal;
                    }
                }
            });
            configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
        }
    }

    @Override
    protected void registerAdditionalResources() {
        super.registerAdditionalResources();
        register(new Direct(this));
        register(new WrappedInRest(this));
        register(new WrappedInEngine(this));
    }

    Response answer(Throwable e) {
        GrantflowException last = LAST_REFUSAL.get();
        LAST_REFUSAL.remove();
        if (e instanceof RestException && e.getCause() == null && last != null && last.getMessage().equals(e.getMessage())) {
            e = last;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GrantflowException refusal && refusal.status() >= 400 && refusal.status() < 500) {
                ProblemDetail problem = ProblemHandler.problem(refusal).getBody();
                try {
                    return Response.status(refusal.status()).type(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                            .entity(json.writeValueAsString(problem)).build();
                } catch (JsonProcessingException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return ExceptionHandlerHelper.getInstance().getResponse(e);
    }

    /** Jersey picks the mapper of the nearest exception type, and among equals the one of highest priority (lowest number). */
    private abstract static class Mapper<E extends Throwable> implements ExceptionMapper<E> {
        private final EngineRestRefusals refusals;

        Mapper(EngineRestRefusals refusals) {
            this.refusals = refusals;
        }

        @Override
        public Response toResponse(E e) {
            return refusals.answer(e);
        }
    }

    @Priority(1)
    static final class Direct extends Mapper<GrantflowException> {
        Direct(EngineRestRefusals refusals) {
            super(refusals);
        }
    }

    @Priority(1)
    static final class WrappedInRest extends Mapper<RestException> {
        WrappedInRest(EngineRestRefusals refusals) {
            super(refusals);
        }
    }

    @Priority(1)
    static final class WrappedInEngine extends Mapper<ProcessEngineException> {
        WrappedInEngine(EngineRestRefusals refusals) {
            super(refusals);
        }
    }
}
