package oidcprovider;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for the tests (Spring Authorization Server), started by them on a free loopback port
 * in its own application context: people (form login, authorization code flow, their groups in the ID token's
 * {@code groups} claim) and clients (client credentials, access tokens for audience {@code grantflow} with the client's
 * groups). It signs with a key the test holds, so a test can also make the tokens it should refuse. Its package is
 * outside {@code io.grantflow} so that no Grantflow context (the tests', the benchmark's) scans its configuration.
 */
public final class OidcProvider implements AutoCloseable {

    /** People of the provider: user name (also their {@code sub}) → groups (password = the user name). */
    public static final Map<String, List<String>> PEOPLE = Map.of(
            "olivia", List.of("licensing-desk"),
            "oscar", List.of("licensing-desk"),
            "audrey", List.of("licensing-audit"));
    public static final String WEB_CLIENT = "grantflow-web";
    public static final String WEB_SECRET = "web-secret";

    private static final String GROUPS = "groups";
    private static final String AUDIENCE = "audience";
    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final ConfigurableApplicationContext context;
    private final RSAKey key;
    private final String issuer;

    private OidcProvider(ConfigurableApplicationContext context, RSAKey key, int port) {
        this.context = context;
        this.key = key;
        this.issuer = "http://127.0.0.1:" + port;
    }

    public static OidcProvider start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("provider-" + UUID.randomUUID()).generate();
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderApplication.class)
                    .initializers(c -> c.getBeanFactory().registerSingleton("providerKey", key))
                    // arguments outrank every configuration file: none of Grantflow's is read, and the port is free
                    .run("--spring.config.location=optional:classpath:/oidcprovider/", "--server.port=0",
                            "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
                            "--spring.application.name=oidc-provider",
                            // cookies are per host, not per port: its session must not take the place of Grantflow's
                            "--server.servlet.session.cookie.name=PROVIDERSESSION");
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            return new OidcProvider(context, key, port);
        } catch (Exception e) {
            throw new IllegalStateException("The test's OpenID Connect provider did not start", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** Grantflow's web client, redirecting to the Grantflow under test (its port is known only once it runs). */
    public void registerWebClient(String grantflowBase) {
        clients().save(RegisteredClient.withId(WEB_CLIENT).clientId(WEB_CLIENT).clientSecret("{noop}" + WEB_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(grantflowBase + "/login/oauth2/code/oidc")
                .postLogoutRedirectUri(grantflowBase + "/")
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .build());
    }

    /** Another person of the provider (password = the user name), in these groups. */
    public void addPerson(String login, List<String> groups) {
        InMemoryUserDetailsManager people = context.getBean(InMemoryUserDetailsManager.class);
        if (people.userExists(login)) {
            people.deleteUser(login);
        }
        people.createUser(User.withUsername(login).password("{noop}" + login)
                .authorities(groups.stream().map(g -> "GROUP_" + g).toArray(String[]::new)).build());
    }

    /**
     * Claims the person's next ID tokens carry instead of the usual ones: another {@code preferred_username} (the
     * person renamed; their {@code sub} stays), a {@code groups} claim of another shape.
     */
    public void idTokenClaims(String login, Map<String, Object> claims) {
        overrides().put(login, Map.copyOf(claims));
    }

    /**
     * A person's browser: from {@code start}, follows redirects, signs in on the provider's login page as {@code login},
     * and stops at the first redirect to an address starting with {@code stopAt} (returned) or at the first page that is
     * not the provider's login (its address returned). The client keeps the cookies.
     */
    public URI signIn(HttpClient browser, URI start, String login, String stopAt) {
        try {
            URI at = start;
            for (int hops = 0; hops < 20; hops++) {
                HttpResponse<String> r = browser.send(HttpRequest.newBuilder(at).header("Accept", "text/html").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 3) {
                    URI next = at.resolve(r.headers().firstValue("Location").orElseThrow());
                    if (stopAt != null && next.toString().startsWith(stopAt)) {
                        return next;
                    }
                    at = next;
                    continue;
                }
                java.util.regex.Matcher csrf = CSRF.matcher(r.body());
                if (r.statusCode() != 200 || !at.toString().startsWith(issuer + "/login") || !csrf.find()) {
                    return at;
                }
                String form = "username=" + login + "&password=" + login + "&_csrf="
                        + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
                HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(issuer + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() != 302 || posted.headers().firstValue("Location").orElse("").contains("error")) {
                    throw new IllegalStateException("the provider refused the sign-in of " + login + ": " + posted.statusCode());
                }
                at = at.resolve(posted.headers().firstValue("Location").orElseThrow());
            }
            throw new IllegalStateException("too many redirects from " + start);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ID token of a person's sign-in through a client of this id (authorization code flow, with a nonce as every
     * OpenID Connect client sends one), as that client receives it at its token endpoint.
     */
    public String idToken(String clientId, String login) {
        String redirect = "http://127.0.0.1:9/callback";
        clients().save(RegisteredClient.withId(clientId).clientId(clientId).clientSecret("{noop}" + clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(redirect)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build()).build());
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        URI back = signIn(browser, URI.create(issuer + "/oauth2/authorize?response_type=code&scope=openid%20profile&state=s&nonce="
                + UUID.randomUUID() + "&client_id=" + clientId + "&redirect_uri=" + redirect), login, redirect);
        String code = java.util.Arrays.stream(back.getRawQuery().split("&")).filter(p -> p.startsWith("code="))
                .map(p -> java.net.URLDecoder.decode(p.substring(5), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        return token(clientId, clientId, "grant_type=authorization_code&redirect_uri=" + redirect + "&code="
                + java.net.URLEncoder.encode(code, StandardCharsets.UTF_8)).path("id_token").asText();
    }

    /** A machine client with client credentials, its groups and the audience its tokens are for. */
    public void registerMachine(String clientId, String secret, List<String> groups, String audience) {
        clients().save(RegisteredClient.withId(clientId).clientId(clientId).clientSecret("{noop}" + secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientSettings(ClientSettings.builder().setting(GROUPS, groups).setting(AUDIENCE, audience).build())
                .build());
    }

    /** The client-credentials grant, as an integrator's client runs it: the access token. */
    public String clientCredentials(String clientId, String secret) {
        return token(clientId, secret, "grant_type=client_credentials").path("access_token").asText();
    }

    private com.fasterxml.jackson.databind.JsonNode token(String clientId, String secret, String form) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token in the provider's name, changed as the test says, signed with the provider's key (or another). */
    public String sign(Consumer<JWTClaimsSet.Builder> change, boolean withProviderKey) {
        return sign(JOSEObjectType.JWT, change, withProviderKey);
    }

    /** The same with this JOSE {@code typ} (RFC 9068's {@code at+jwt}, or null for none). */
    public String sign(JOSEObjectType type, Consumer<JWTClaimsSet.Builder> change, boolean withProviderKey) {
        try {
            RSAKey signer = withProviderKey ? key : new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("forged-client").audience("grantflow")
                    .claim("client_id", "forged-client").claim(GROUPS, List.of("portal-clients"))
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                    .jwtID(UUID.randomUUID().toString());
            change.accept(claims);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private IdTokenOverrides overrides() {
        return context.getBean(IdTokenOverrides.class);
    }

    /** Login → claims that replace the usual ones in that person's ID tokens. */
    static final class IdTokenOverrides extends java.util.concurrent.ConcurrentHashMap<String, Map<String, Object>> {
    }

    private InMemoryRegisteredClientRepository clients() {
        return (InMemoryRegisteredClientRepository) context.getBean(RegisteredClientRepository.class);
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    static class ProviderApplication {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .csrf(c -> c.ignoringRequestMatchers(server.getEndpointsMatcher()))
                    // the UserInfo endpoint takes the provider's own access tokens
                    .oauth2ResourceServer(r -> r.jwt(Customizer.withDefaults()))
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signIn(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager people() {
            return new InMemoryUserDetailsManager(PEOPLE.entrySet().stream()
                    .map(p -> User.withUsername(p.getKey()).password("{noop}" + p.getKey())
                            .authorities(p.getValue().stream().map(g -> "GROUP_" + g).toArray(String[]::new)).build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository clients() {
            // a placeholder the tests replace: the repository needs one client to start
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId("none").clientId("none").clientSecret("{noop}none")
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build());
        }

        @Bean
        com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> jwkSource(RSAKey providerKey) {
            return new ImmutableJWKSet<>(new JWKSet(providerKey));
        }

        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder jwtDecoder(com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys) {
            return org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration
                    .OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        IdTokenOverrides idTokenOverrides() {
            return new IdTokenOverrides();
        }

        /** People's groups in the ID token (or what the test says), a client's groups and audience in its access token. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groupsAndAudience(IdTokenOverrides idTokenOverrides) {
            return context -> {
                if ("id_token".equals(context.getTokenType().getValue())) {
                    String login = context.getPrincipal().getName();
                    context.getClaims().claim("preferred_username", login);
                    context.getClaims().claim(GROUPS, context.getPrincipal().getAuthorities().stream().map(GrantedAuthority::getAuthority)
                            .filter(a -> a.startsWith("GROUP_")).map(a -> a.substring("GROUP_".length())).toList());
                    idTokenOverrides.getOrDefault(login, Map.of()).forEach((name, value) -> context.getClaims().claim(name, value));
                } else if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                    ClientSettings settings = context.getRegisteredClient().getClientSettings();
                    context.getClaims().claim(GROUPS, settings.<List<String>>getSetting(GROUPS));
                    context.getClaims().audience(List.of(settings.<String>getSetting(AUDIENCE)));
                    context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
                }
            };
        }
    }
}
