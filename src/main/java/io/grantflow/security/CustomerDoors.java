package io.grantflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.account.AccountMembers;
import io.grantflow.account.AccountRoles;
import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.EngineDoor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A customer's people and tokens use Grantflow's API and the desk, never the engine's doors: {@code /engine-rest} and
 * the webapps' APIs (engine, Tasklist, Cockpit, Admin) answer them {@code 404 not-found} whatever they ask, so nothing
 * there confirms that a flow, task or variable exists. The vendor-only doors (administration, audit, actuator) answer
 * them {@code 403}, whatever groups they also hold. Their own sign-in at the webapps ({@code /camunda/api/admin/auth})
 * stays open: it is how they reach the desk.
 */
final class CustomerDoors extends OncePerRequestFilter {

    private static final List<String> VENDOR_ONLY = List.of("/api/v1/admin/", "/api/v1/audit/", "/audit", "/actuator");
    private static final List<String> WEBAPP_APIS = List.of("/api/engine/", "/api/cockpit/", "/api/tasklist/", "/api/admin/");

    private final ObjectMapper json;
    private final CallerAccount caller;
    private final AccountMembers members;
    /** Null at Grantflow's API chain (the caller is Spring's user); the webapps' path at theirs (the caller is the session's). */
    private final String webappPath;

    private CustomerDoors(ObjectMapper json, CallerAccount caller, AccountMembers members, String webappPath) {
        this.json = json;
        this.caller = caller;
        this.members = members;
        this.webappPath = webappPath;
    }

    /** At Grantflow's API chain, after every authentication. */
    static CustomerDoors atApi(ObjectMapper json, CallerAccount caller) {
        return new CustomerDoors(json, caller, null, null);
    }

    /** At the webapps' chain: the customer is the webapps' session user. */
    static CustomerDoors atWebapps(ObjectMapper json, AccountMembers members, String webappPath) {
        return new CustomerDoors(json, null, members, webappPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (webappPath == null) {
            boolean engineDoor = path.startsWith(EngineDoor.ENGINE_REST + "/") || path.equals(EngineDoor.ENGINE_REST);
            boolean vendorOnly = VENDOR_ONLY.stream().anyMatch(path::startsWith);
            if ((engineDoor || vendorOnly) && caller.boundAccount().isPresent()) {
                if (engineDoor) {
                    notFound(response, path);
                } else {
                    ProblemAuthenticationHandlers.write(json, response, Refusal.FORBIDDEN, "This door is the vendor's staff's; a customer's people use their account's API and desk");
                }
                return;
            }
        } else if (path.startsWith(webappPath + "/api/") && !path.startsWith(webappPath + "/api/admin/auth/")
                && WEBAPP_APIS.stream().anyMatch(p -> path.startsWith(webappPath + p)) && sessionUserIsCustomer(request)) {
            notFound(response, path);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean sessionUserIsCustomer(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Authentications auths = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        if (auths == null) {
            return false;
        }
        for (org.camunda.bpm.webapp.impl.security.auth.Authentication auth : auths.getAuthentications()) {
            List<String> groups = auth instanceof UserAuthentication u && u.getGroupIds() != null ? u.getGroupIds() : List.of();
            if (AccountRoles.anyCustomerGroup(groups) || members.accountOf(auth.getName()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void notFound(HttpServletResponse response, String path) throws IOException {
        ProblemAuthenticationHandlers.write(json, response, Refusal.NOT_FOUND, "'" + path + "' does not exist");
    }
}
