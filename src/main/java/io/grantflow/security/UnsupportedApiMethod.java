package io.grantflow.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * A request under {@code /api/v1} whose path is an endpoint but whose method is not one of its methods (a DELETE on
 * a license): let through to Spring MVC, which answers 405 {@code method-not-allowed} with {@code Allow}, instead of
 * the catch-all's 403. It matches nothing that has a handler, so no endpoint is reachable past its role rule.
 */
final class UnsupportedApiMethod implements RequestMatcher {

    private final ApplicationContext context;
    private volatile RequestMappingHandlerMapping mappings;

    UnsupportedApiMethod(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/")) {
            return false;
        }
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        try {
            ServletRequestPathUtils.parseAndCache(request);
            mappings().getHandler(request);
            return false;
        } catch (HttpRequestMethodNotSupportedException e) {
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            // the dispatcher parses the path again, as it always does
            if (previous == null) {
                request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
            } else {
                request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, previous);
            }
        }
    }

    private RequestMappingHandlerMapping mappings() {
        if (mappings == null) {
            // looked up on first use: the security filter chain is built before the MVC handler mapping
            mappings = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        }
        return mappings;
    }
}
