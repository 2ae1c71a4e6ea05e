package io.grantflow.security;

import io.grantflow.protocol.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Grantflow's own sign-in page for the home page and the desk: the same password check, throttle and device cookie as the
 * webapps' login form, and the same session entry their login writes (so Tasklist and Cockpit are signed in too); then
 * back to the page the person asked for. With single sign-on the provider signs people in and this form is closed.
 */
@Controller
class SignInPage {

    static final String PATH = "/sign-in";
    /** The pages' stylesheet, which the sign-in page shows before anyone is signed in. */
    static final RequestMatcher STYLESHEET = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/desk/desk.css");

    /** The page asked for while signed out: a GET of a desk page or the home page, kept in the session until sign-in. */
    static HttpSessionRequestCache askedFor() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        // a page, not the stylesheet the sign-in page itself loads
        cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"),
                new NegatedRequestMatcher(STYLESHEET)));
        // the sign-in answers with the path itself, no marker parameter
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    private final IdentityService identity;
    private final LoginThrottle throttle;
    private final SecuritySettings settings;
    private final String engine;
    private final HttpSessionRequestCache askedFor = askedFor();

    SignInPage(IdentityService identity, LoginThrottle throttle, SecuritySettings settings,
            @Value("${camunda.bpm.process-engine-name:default}") String engine) {
        this.identity = identity;
        this.throttle = throttle;
        this.settings = settings;
        this.engine = engine;
    }

    @GetMapping(PATH)
    String page() {
        return settings.oidc().enabled() ? "redirect:" + ProviderSignIn.SIGN_IN : "sign-in";
    }

    @PostMapping(PATH)
    String signIn(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        if (settings.oidc().enabled()) {
            throw Refusal.PASSWORD_LOGIN_CLOSED.exception("Sign in through the identity provider");
        }
        LoginThrottle.Attempt attempt = LoginThrottle.Attempt.of(request, username);
        Duration wait = throttle.retryAfter(attempt);
        model.addAttribute("username", username);
        if (!wait.isZero()) {
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds()));
            model.addAttribute("message", "Too many failed sign-ins: try again in " + minutes(wait) + ".");
            return "sign-in";
        }
        if (username.isBlank() || password.isEmpty() || !identity.checkPassword(username, password)) {
            throttle.failed(attempt);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("message", "The user name or the password is not right.");
            return "sign-in";
        }
        String next = next(request, response);
        UserAuthentication signedIn = AuthenticationUtil.createAuthentication(engine, username);
        // a new session id, as the webapps' login gives (session fixation), carrying the webapps' entry
        AuthenticationUtil.revalidateSession(request, signedIn);
        response.addHeader(HttpHeaders.SET_COOKIE, throttle.deviceCookie(username, request).toString());
        return "redirect:" + next;
    }

    /** The path (and query) of the page asked for, or the home page; never another site. */
    private String next(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = askedFor.getRequest(request, response);
        askedFor.removeRequest(request, response);
        if (saved instanceof DefaultSavedRequest page && page.getRequestURI() != null && page.getRequestURI().startsWith("/")
                && !page.getRequestURI().startsWith("//")) {
            String path = page.getRequestURI().substring(request.getContextPath().length());
            return page.getQueryString() == null ? path : path + "?" + page.getQueryString();
        }
        return "/";
    }

    private static String minutes(Duration wait) {
        long m = Math.max(1, (wait.toSeconds() + 59) / 60);
        return m == 1 ? "a minute" : m + " minutes";
    }
}
