package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import static io.grantflow.security.Groups.ADMINS;
import static io.grantflow.security.Groups.AUDITORS;
import static io.grantflow.security.Groups.CUSTOMER_ADMINS;
import static io.grantflow.security.Groups.CUSTOMER_VIEWERS;
import static io.grantflow.security.Groups.INTEGRATORS;
import static io.grantflow.security.Groups.OPERATORS;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.account.AccountMembers;
import io.grantflow.account.CallerAccount;
import java.util.Arrays;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what, in one place, as docs/security.md's table says. The Camunda webapps keep their own session login
 * against the same identity service; everything under {@code /api} and {@code /engine-rest} is HTTP Basic (unless
 * switched off), {@code /api} also a Grantflow-issued API token ({@link ApiTokens}), and for the edge a
 * {@code callin+jwt} bearer or a signed receipt checked by the edge endpoints themselves.
 * At every door, a write from a page on another origin is refused first ({@link CrossSiteRequestFilter}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String[] READERS = {OPERATORS, INTEGRATORS, AUDITORS, CUSTOMER_ADMINS, CUSTOMER_VIEWERS};
    private static final String[] STARTERS = {OPERATORS, INTEGRATORS, CUSTOMER_ADMINS};
    /** An operator's steps; a customer admin takes them in its own account (the objects' loading checks whose). */
    private static final String[] STEP_TAKERS = {OPERATORS, CUSTOMER_ADMINS};

    @Bean
    AuthenticationManager authenticationManager(IdentityServiceAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager, IdentityService identityService,
            ObjectMapper json, SecuritySettings settings, ApiTokens apiTokens, ApplicationContext context, CallerAccount caller,
            @Value("${camunda.bpm.process-engine-name:default}") String engine) throws Exception {
        String challenge = settings.basicAuth() ? "Basic realm=\"grantflow\"" : "Bearer realm=\"grantflow\"";
        http.securityMatcher(new OrRequestMatcher(paths(null, "/api/**", "/engine-rest/**", "/actuator/**", "/.well-known/**",
                        "/m/**", "/audit/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")))
                .csrf(csrf -> csrf.disable())
                // the auditor page and its API read the webapps' session but sign no one in: rotating its id on each
                // request (session fixation protection) would sign out the page's parallel requests
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .authenticationManager(authenticationManager)
                .exceptionHandling(e -> e.authenticationEntryPoint(auditPageSignIn(settings, ProblemAuthenticationHandlers.entryPoint(json, challenge)))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                // the auditor page and the audit API it reads also take the webapps' session: signed in to Cockpit, an
                // auditor needs no second login (reads only, so no cross-site form can use it)
                .addFilterAfter(new WebappSessionAuthenticationFilter(engine, AUDIT_READS), SecurityContextHolderFilter.class)
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterBefore(new JsonOnlyApiFilter(json), LogoutFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(apiTokens, json), BasicAuthenticationFilter.class)
                .addFilterAfter(new EngineAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
                .addFilterBefore(CustomerDoors.atApi(json, caller), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // public
                        .requestMatchers(reads("/.well-known/jwks.json", "/actuator/health", "/actuator/health/**", "/m/**")).permitAll()
                        // the auditor page's own script and stylesheet hold no data (like its /webjars): they load for any
                        // session, so a page that loaded never runs without them; its data stays auditors-only below
                        .requestMatchers(AUDIT_PAGE_ASSETS).permitAll()
                        // the edge proves itself with a callin+jwt bearer or a signed receipt or disconnect proof; those endpoints check it
                        .requestMatchers(paths(POST, "/api/v1/edge/**", "/api/v1/remote-activations/*/receipts",
                                "/api/v1/remote-activations/*/disconnect-proofs")).permitAll()
                        .requestMatchers(paths(null, "/actuator/**")).hasAnyRole(OPERATORS, ADMINS)
                        .requestMatchers(paths(null, "/api/v1/admin/**")).hasRole(ADMINS)
                        .requestMatchers(paths(null, "/api/v1/account/**")).hasRole(CUSTOMER_ADMINS)
                        .requestMatchers(paths(null, "/api/v1/audit/**", "/audit/**")).hasRole(AUDITORS)
                        // webhook endpoints: a customer admin's for its own account, the vendor's admin's for any
                        .requestMatchers(paths(null, "/api/v1/webhook-endpoints", "/api/v1/webhook-endpoints/**"))
                                .hasAnyRole(CUSTOMER_ADMINS, ADMINS)
                        // an operator's steps, and a customer admin's in its own account
                        .requestMatchers(paths(POST,
                                "/api/v1/remote-activations/updates/*/seat-configuration",
                                "/api/v1/remote-activations/updates/*/reduction-approval",
                                "/api/v1/remote-activations/*/disconnect",
                                "/api/v1/credit-assignments/*/download",
                                "/api/v1/credit-assignments/*/revocations")).hasAnyRole(STEP_TAKERS)
                        // starts: operators, integrators, and a customer admin in its own account
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
                        // a method an API resource does not have: 405 with Allow for anyone signed in (401 before that)
                        .requestMatchers(new UnsupportedApiMethod(context)).authenticated()
                        .anyRequest().denyAll());
        if (settings.oidc().enabled()) {
            ProviderTokens provider = new ProviderTokens(settings.oidc());
            http.oauth2ResourceServer(o -> o.bearerTokenResolver(ProviderTokens.resolver())
                    // its own manager: the chain's checks passwords and knows nothing of JWTs
                    .jwt(jwt -> jwt.authenticationManager(provider.authenticationManager()))
                    .authenticationEntryPoint(ProviderTokens.refusals(json, ProblemAuthenticationHandlers.entryPoint(json, challenge))));
        }
        if (settings.basicAuth()) {
            http.httpBasic(basic -> basic.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint(json, challenge))
                    .authenticationDetailsSource(LoginAttemptDetails::new));
        } else {
            http.httpBasic(basic -> basic.disable());
        }
        return http.build();
    }

    /**
     * The licensing desk's pages: signed in through the webapps' login (one session for Tasklist and the desk), with
     * Spring's CSRF token on every form (the pages are Grantflow's own, unlike the webapps'), and the same roles as
     * the API. Without a login the page sends the person to the sign-in page (or the provider's), and back after it.
     */
    @Bean
    @Order(2)
    SecurityFilterChain desk(HttpSecurity http, ObjectMapper json, SecuritySettings settings, IdentityService identity,
            AccountMembers members, @Value("${camunda.bpm.process-engine-name:default}") String engine) throws Exception {
        http.securityMatcher(new OrRequestMatcher(paths(null, "/", "/desk", "/desk/**", SignInPage.PATH)))
                // signed in by the webapps' login or the sign-in page, which writes the webapps' session entry as that
                // login does (a new session id included): the session's id stays as they left it
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterAfter(new WebappSessionAuthenticationFilter(engine, null), SecurityContextHolderFilter.class)
                // the page asked for is kept, and the sign-in returns to it
                .requestCache(c -> c.requestCache(SignInPage.askedFor()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(
                                settings.oidc().enabled() ? ProviderSignIn.SIGN_IN : SignInPage.PATH))
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths(null, SignInPage.PATH)).permitAll()
                        .requestMatchers(SignInPage.STYLESHEET).permitAll()
                        // the home page: what each signed-in person may do, and where
                        .requestMatchers(paths(null, "/")).authenticated()
                        .requestMatchers(paths(null, "/desk/credit-assignments/**")).hasAnyRole(STEP_TAKERS)
                        .requestMatchers(paths(POST, "/desk/activations/*/disconnect", "/desk/activations/*/disconnect-proof")).hasAnyRole(STEP_TAKERS)
                        .requestMatchers(paths(null, "/desk", "/desk/**")).hasAnyRole(STARTERS)
                        .anyRequest().denyAll())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        if (settings.oidc().enabled()) {
            http.addFilterAfter(new ProviderSignIn(settings.oidc(), identity, engine, members).signedOutOfTheWebapps(), SecurityContextHolderFilter.class);
        }
        return http.build();
    }

    /**
     * The webapps (Tasklist, Cockpit, Admin) authenticate with their own session and protect their API with their own
     * XSRF token (so Spring's CSRF stays off here); Grantflow adds the origin check and throttles their login form.
     */
    @Bean
    @Order(3)
    SecurityFilterChain webapps(HttpSecurity http, ObjectMapper json, SecuritySettings settings, LoginThrottle throttle,
            IdentityService identity, AccountMembers members, @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath,
            @Value("${camunda.bpm.process-engine-name:default}") String engine) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteRequestFilter(settings, json), SecurityContextHolderFilter.class)
                .addFilterBefore(new WebappLoginThrottleFilter(webappPath, throttle, json), LogoutFilter.class)
                .addFilterAfter(CustomerDoors.atWebapps(json, members, webappPath), SecurityContextHolderFilter.class)
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        if (!settings.oidc().enabled()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        // Single sign-on: the webapps' pages need a sign-in at the provider, and their password login is closed
        ProviderSignIn signIn = new ProviderSignIn(settings.oidc(), identity, engine, members);
        RequestMatcher passwordLogin = new OrRequestMatcher(paths(POST, webappPath + "/api/admin/auth/user/*/login/**"));
        http.oauth2Login(o -> o.clientRegistrationRepository(new InMemoryClientRegistrationRepository(signIn.registration()))
                        .successHandler(signIn.success(webappPath + "/app/tasklist/" + engine + "/")))
                .addFilterAfter(signIn.signedOutOfTheWebapps(), SecurityContextHolderFilter.class)
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((request, response, refused) -> ProblemAuthenticationHandlers.write(json, response,
                                Refusal.PASSWORD_LOGIN_CLOSED, "Sign in through the identity provider"), passwordLogin)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(ProviderSignIn.SIGN_IN), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied(json)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(passwordLogin).denyAll()
                        .requestMatchers(paths(null, webappPath + "/app/**")).authenticated()
                        .anyRequest().permitAll());
        return http.build();
    }

    /** The audit API and the auditor page, read with the webapps' session (GET and HEAD only). */
    private static final RequestMatcher AUDIT_READS = new OrRequestMatcher(reads("/api/v1/audit/**", "/audit", "/audit/**"));

    /** The auditor page's static files beside it. */
    private static final RequestMatcher AUDIT_PAGE_ASSETS = new OrRequestMatcher(reads("/audit/*.js", "/audit/*.css"));

    /**
     * With single sign-on, a person opening the auditor page without a session goes to the provider, not a Basic prompt;
     * only the page itself, so that what comes back after the sign-in is the page, never one of its files.
     */
    private static AuthenticationEntryPoint auditPageSignIn(SecuritySettings settings, AuthenticationEntryPoint otherwise) {
        if (!settings.oidc().enabled()) {
            return otherwise;
        }
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(ProviderSignIn.SIGN_IN);
        RequestMatcher pages = new OrRequestMatcher(reads("/audit", "/audit/", "/audit/index.html"));
        HttpSessionRequestCache saved = new HttpSessionRequestCache();
        return (request, response, refused) -> {
            if (pages.matches(request)) {
                saved.saveRequest(request, response);
                signIn.commence(request, response, refused);
            } else {
                otherwise.commence(request, response, refused);
            }
        };
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
