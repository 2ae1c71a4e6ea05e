package io.grantflow.security;

import static io.grantflow.security.Groups.ADMINS;
import static io.grantflow.security.Groups.AUDITORS;
import static io.grantflow.security.Groups.INTEGRATORS;
import static io.grantflow.security.Groups.OPERATORS;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what, in one place, as api.md's table says. The Camunda webapps keep their own session login
 * against the same identity service; everything under {@code /api} and {@code /engine-rest} is HTTP Basic (unless
 * switched off), {@code /api} also a Grantflow-issued API token ({@link ApiTokens}), and for the edge a
 * {@code callin+jwt} bearer or a signed receipt checked by the edge endpoints themselves.
 * At every door, a write from a page on another origin is refused first ({@link CrossSiteRequestFilter}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String[] READERS = {OPERATORS, INTEGRATORS, AUDITORS};
    private static final String[] STARTERS = {OPERATORS, INTEGRATORS};

    @Bean
    AuthenticationManager authenticationManager(IdentityServiceAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager, IdentityService identityService,
            ObjectMapper json, SecuritySettings settings, ApiTokens apiTokens) throws Exception {
        String challenge = settings.basicAuth() ? "Basic realm=\"grantflow\"" : "Bearer realm=\"grantflow\"";
        http.securityMatcher(new OrRequestMatcher(paths(null, "/api/**", "/engine-rest/**", "/actuator/**", "/.well-known/**",
                        "/m/**", "/audit/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(authenticationManager)
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json, challenge))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterBefore(new JsonOnlyApiFilter(json), LogoutFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(apiTokens, json), BasicAuthenticationFilter.class)
                .addFilterAfter(new EngineAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // public
                        .requestMatchers(reads("/.well-known/jwks.json", "/actuator/health", "/actuator/health/**", "/m/**")).permitAll()
                        // the edge proves itself with a callin+jwt bearer or a signed receipt; those endpoints check it
                        .requestMatchers(paths(POST, "/api/v1/edge/**", "/api/v1/remote-activations/*/receipts")).permitAll()
                        .requestMatchers(paths(null, "/actuator/**")).hasAnyRole(OPERATORS, ADMINS)
                        .requestMatchers(paths(null, "/api/v1/admin/**")).hasRole(ADMINS)
                        .requestMatchers(paths(null, "/api/v1/audit/**", "/audit/**")).hasRole(AUDITORS)
                        // operators only
                        .requestMatchers(paths(POST,
                                "/api/v1/remote-activations/updates/*/seat-configuration",
                                "/api/v1/remote-activations/updates/*/reduction-approval",
                                "/api/v1/remote-activations/*/disconnect",
                                "/api/v1/credit-assignments/*/download",
                                "/api/v1/credit-assignments/*/revocations")).hasRole(OPERATORS)
                        // starts: operators and integrators
                        .requestMatchers(paths(POST,
                                "/api/v1/licenses/*/remote-activations",
                                "/api/v1/remote-activations/updates",
                                "/api/v1/systems",
                                "/api/v1/systems/*/credit-assignments")).hasAnyRole(STARTERS)
                        .requestMatchers(reads(
                                "/api/v1/remote-activations/updates/*/connection-token",
                                "/api/v1/remote-activations/*/connection-token")).hasAnyRole(STARTERS)
                        .requestMatchers(reads("/api/**")).hasAnyRole(READERS)
                        .requestMatchers(paths(null, "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")).hasAnyRole(READERS)
                        // the engine's own authorizations decide what each user may do there
                        .requestMatchers(paths(null, "/engine-rest/**")).hasAnyRole(OPERATORS, INTEGRATORS, AUDITORS, ADMINS)
                        .anyRequest().denyAll());
        if (settings.basicAuth()) {
            http.httpBasic(basic -> basic.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json, challenge)));
        } else {
            http.httpBasic(basic -> basic.disable());
        }
        return http.build();
    }

    /**
     * The licensing desk's pages: signed in through the webapps' login (one session for Tasklist and the desk), with
     * Spring's CSRF token on every form (the pages are Grantflow's own, unlike the webapps'), and the same roles as
     * the API. Without a login the page sends the operator to Tasklist's login.
     */
    @Bean
    @Order(2)
    SecurityFilterChain desk(HttpSecurity http, ObjectMapper json, SecuritySettings settings,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath) throws Exception {
        http.securityMatcher(new OrRequestMatcher(paths(null, "/desk", "/desk/**")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterAfter(new WebappSessionAuthenticationFilter(), SecurityContextHolderFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, refused) ->
                                response.sendRedirect(request.getContextPath() + webappPath + "/app/tasklist/default/"))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths(null, "/desk/credit-assignments/**")).hasRole(OPERATORS)
                        .requestMatchers(paths(POST, "/desk/activations/*/disconnect")).hasRole(OPERATORS)
                        .requestMatchers(paths(null, "/desk", "/desk/**")).hasAnyRole(STARTERS)
                        .anyRequest().denyAll())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    /**
     * The webapps (Tasklist, Cockpit, Admin) authenticate with their own session and protect their API with their own
     * XSRF token (so Spring's CSRF stays off here); Grantflow adds the origin check and throttles their login form.
     */
    @Bean
    @Order(3)
    SecurityFilterChain webapps(HttpSecurity http, ObjectMapper json, SecuritySettings settings, LoginThrottle throttle,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterBefore(new WebappLoginThrottleFilter(webappPath, throttle, json), LogoutFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    /** GET and HEAD (RFC 9110 §9.3.2: HEAD is GET without the body), so HEAD works wherever GET does. */
    private static RequestMatcher[] reads(String... patterns) {
        return Stream.concat(Arrays.stream(paths(GET, patterns)), Arrays.stream(paths(HttpMethod.HEAD, patterns)))
                .toArray(RequestMatcher[]::new);
    }

    /**
     * Matchers on the request's path, whichever servlet serves it: {@code /engine-rest} is Jersey's servlet, not
     * Spring MVC's, and a servlet-path matcher would let it through unprotected.
     */
    private static RequestMatcher[] paths(HttpMethod method, String... patterns) {
        return Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(method, p))
                .toArray(RequestMatcher[]::new);
    }
}
