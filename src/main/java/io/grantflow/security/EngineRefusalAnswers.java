package io.grantflow.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.ProblemHandler;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The engine's REST answers, at {@code /engine-rest} and in the webapps' engine API alike (Jersey discovers this for
 * both applications): when a Grantflow rule refused what an engine call asked for (the command guard, a step's rule
 * in a listener or delegate), the answer is that rule's problem document, its status and code as on Grantflow's API,
 * with the words and the code also in {@code message}, which Tasklist and Cockpit show. The refusal is found in the
 * exception's cause chain; every other exception keeps Camunda's own answer.
 */
public final class EngineRefusalAnswers implements ForcedAutoDiscoverable {

    private static final ObjectMapper JSON = new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    @Override
    public void configure(FeatureContext context) {
        for (Class<?> mapper : new Class<?>[] {Direct.class, WrappedInRest.class, WrappedInEngine.class, EngineRestBeforeCommands.class}) {
            if (!context.getConfiguration().isRegistered(mapper)) {
                context.register(mapper);
            }
        }
    }

    static Response answer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GrantflowException refusal && refusal.status() >= 400 && refusal.status() < 500) {
                // Grantflow's own problem document, with the words and the code also where the webapps look
                ProblemDetail problem = ProblemHandler.problem(refusal).getBody();
                problem.setProperty("message", refusal.getMessage() + " (" + refusal.code() + ")");
                try {
                    return Response.status(refusal.status()).type(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                            .entity(JSON.writeValueAsString(problem)).build();
                } catch (JsonProcessingException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return ExceptionHandlerHelper.getInstance().getResponse(e);
    }

    /** Jersey picks the mapper of the nearest exception type, and among equals the one of highest priority (lowest number). */
    @Priority(1)
    public static final class Direct implements ExceptionMapper<GrantflowException> {
        @Override
        public Response toResponse(GrantflowException e) {
            return answer(e);
        }
    }

    @Priority(1)
    public static final class WrappedInRest implements ExceptionMapper<RestException> {
        @Override
        public Response toResponse(RestException e) {
            return answer(e);
        }
    }

    @Priority(1)
    public static final class WrappedInEngine implements ExceptionMapper<ProcessEngineException> {
        @Override
        public Response toResponse(ProcessEngineException e) {
            return answer(e);
        }
    }
}
