package io.grantflow.security;

import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.ReaderInterceptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.rest.JobRestService;
import org.camunda.bpm.engine.rest.MigrationRestService;
import org.camunda.bpm.engine.rest.sub.management.JobDefinitionResource;
import org.camunda.bpm.engine.rest.sub.runtime.JobResource;
import org.camunda.bpm.engine.rest.util.EngineUtil;

/**
 * What Camunda's REST resources read from a body before any engine command exists, so the {@link EngineCommandGuard}
 * never sees it: a retries or migration request without the field the resource reads fails there with a 500 and a
 * NullPointerException's words. Those resource methods refuse a person who is not an administrator first, as the guard
 * would; a due date sent as JSON {@code null} is refused as the guard refuses a removed one. Bound by resource method,
 * not by path (Jersey discovers this with {@link EngineRefusalAnswers}).
 */
public final class EngineRestBeforeCommands implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null) {
            return;
        }
        if (MigrationRestService.class.isAssignableFrom(type) && declares(MigrationRestService.class, method)
                || JobRestService.class.isAssignableFrom(type) && method.getName().equals("setRetries")
                || (JobResource.class.isAssignableFrom(type) || JobDefinitionResource.class.isAssignableFrom(type))
                        && method.getName().equals("setJobRetries")) {
            context.register((ContainerRequestFilter) request -> {
                // the engine the path names ({name} in /engine/{name}/…), else the default one
                String engine = request.getUriInfo().getPathParameters().getFirst("name");
                Authentication person = EngineUtil.lookupProcessEngine(engine).getIdentityService().getCurrentAuthentication();
                if (person != null && person.getUserId() != null
                        && (person.getGroupIds() == null || !person.getGroupIds().contains(Groups.ADMINS))) {
                    throw EngineCommandGuard.adminsOnly(method.getName(), person.getUserId());
                }
            });
        } else if (JobResource.class.isAssignableFrom(type) && method.getName().equals("setJobDuedate")) {
            context.register((ReaderInterceptor) reading -> {
                Object body = reading.proceed();
                if (body == null) {
                    throw EngineCommandGuard.dueDateRequired();
                }
                return body;
            });
        }
    }

    private static boolean declares(Class<?> api, Method method) {
        return Arrays.stream(api.getMethods()).anyMatch(m -> m.getName().equals(method.getName()));
    }
}
