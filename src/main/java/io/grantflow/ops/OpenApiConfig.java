package io.grantflow.ops;

import io.grantflow.protocol.Refusal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI document at {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui.html}: Grantflow's own API
 * ({@code /api/v1/**}, {@code /.well-known/**}; see springdoc.paths-to-match), HTTP Basic, and from {@link ApiDocs}
 * each endpoint's problem codes, who may call it and request body examples.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BASIC = "basicAuth";
    static final String CALLIN = "callinJwt";
    static final String API_TOKEN = "apiToken";
    static final String ACCESS_TOKEN = "providerAccessToken";
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI grantflowOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Grantflow API").version("v1")
                        .description("Printer seats and credits through BPMN flows. Errors are RFC 7807 application/problem+json "
                                + "with a stable `code`; each operation lists its codes by status. Starts take an Idempotency-Key "
                                + "header. Log in with the Authorize button: HTTP Basic (operator, integrator or auditor) or an API token "
                                + "an administrator issued (Bearer gft_…). A method a path does not have answers 405 `method-not-allowed` "
                                + "with an Allow header (401 first for a caller not signed in)."))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda identity-service user of group operators, integrators or auditors"))
                        .addSecuritySchemes(API_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("gft").description("An API token issued by an administrator (POST /api/v1/admin/api-tokens): "
                                        + "one client, one group, an expiry; revocable"))
                        .addSecuritySchemes(ACCESS_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("Where Grantflow is connected to an OpenID Connect provider: a "
                                        + "client-credentials access token of that provider with audience grantflow and the client's "
                                        + "groups in its groups claim"))
                        .addSecuritySchemes(CALLIN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("callin+jwt").description("A short-lived callin+jwt signed by the edge's registered key"))
                        .addSchemas(PROBLEM, problemSchema()))
                // relative: the document is true on whichever host serves it, and its committed copy equals the live one
                .servers(List.of(new Server().url("/").description("The Grantflow that serves this document")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(API_TOKEN))
                .addSecurityItem(new SecurityRequirement().addList(ACCESS_TOKEN))
                .tags(List.of(
                        new Tag().name("remote-activations").description("Printer seats of a license on remote Control Centers: add, update, disconnect"),
                        new Tag().name("credits").description("Credits of subscriptions on HOME systems: link, assign, download, revoke"),
                        new Tag().name("edge").description("The installation's or HOME system's own call-in"),
                        new Tag().name("audit").description("The ledger, its verification, timelines and evidence"),
                        new Tag().name("signing-keys").description("Grantflow's public keys and their rotation"),
                        new Tag().name("api-tokens").description("Credentials for machines: issue, list and revoke API tokens")));
    }

    @Bean
    OpenApiCustomizer grantflowProblemsAndExamples() {
        return openApi -> {
            // springdoc rebuilds the components from the scanned types: the Problem every error response refers to is
            // added here, after the scan, or the document refers to nothing
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getComponents().addSchemas(JWK_SET, jwkSetSchema());
            openApi.getComponents().addSchemas(PUBLIC_JWK, publicJwkSchema());
            openApi.getComponents().getSchemas().values().forEach(OpenApiConfig::anyValueInMaps);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(method + " " + path, operation)));
        };
    }

    private static void describe(String key, Operation operation) {
        ApiDocs.Endpoint doc = ApiDocs.ENDPOINTS.get(key);
        if (doc == null) {
            return; // OpenApiDocumentTest names the endpoint that lacks a row
        }
        operation.setSummary(doc.summary());
        operation.setOperationId(doc.operationId());
        operation.setTags(List.of(tag(key.substring(key.indexOf(' ') + 1))));
        operation.setDescription("Who: " + doc.who() + "." + (operation.getDescription() == null ? "" : "\n\n" + operation.getDescription()));
        switch (doc.auth()) {
            case PUBLIC -> operation.setSecurity(List.of());
            case EDGE_BEARER -> operation.setSecurity(List.of(new SecurityRequirement().addList(CALLIN)));
            case SIGNED_BODY_OR_BASIC -> operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(BASIC),
                    new SecurityRequirement().addList(API_TOKEN), new SecurityRequirement().addList(ACCESS_TOKEN)));
            case BASIC -> {
                // the document's default
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        // springdoc infers a catch-all 500 from the @ExceptionHandler advice; the table says what really comes back
        responses.keySet().removeIf(status -> !status.startsWith("2"));
        success(responses, doc);
        Map<Integer, List<String>> problems = new TreeMap<>(doc.problems());
        // the request filters' refusals, before any endpoint reads the request (shared/RequestLimitFilter, ExactInput)
        problems.merge(400, List.of("invalid-request"), OpenApiConfig::concat);
        if (key.startsWith("POST ")) {
            problems.merge(413, List.of("payload-too-large"), OpenApiConfig::concat);
            problems.merge(415, List.of("unsupported-media-type"), OpenApiConfig::concat);
        }
        if (operation.getRequestBody() != null) {
            problems.merge(400, List.of("malformed-body"), OpenApiConfig::concat);
        }
        if (key.startsWith("POST ")) {
            // a write from a page on another origin (security/CrossSiteRequestFilter), and two writes of the same rows
            problems.merge(403, List.of("cross-site-request"), OpenApiConfig::concat);
            problems.merge(409, List.of("concurrent-modification", "conflict"), OpenApiConfig::concat);
        }
        if (doc.auth() == ApiDocs.Auth.BASIC || doc.auth() == ApiDocs.Auth.SIGNED_BODY_OR_BASIC) {
            // every endpoint that takes a login also answers a missing or bad one, and a provider it cannot reach
            problems.merge(401, List.of("unauthorized", "api-token-invalid", "api-token-expired", "api-token-revoked",
                    "access-token-invalid", "access-token-expired", "access-token-wrong-audience", "access-token-without-expiry",
                    "access-token-not-an-access-token"), OpenApiConfig::concat);
            problems.merge(503, List.of("identity-provider-unavailable"), OpenApiConfig::concat);
        }
        if (doc.auth() == ApiDocs.Auth.BASIC) {
            problems.merge(403, List.of("forbidden"), OpenApiConfig::concat);
        }
        // every operation: an Accept it cannot answer, the request limit or login throttle, and a failure of Grantflow's
        problems.merge(406, List.of("not-acceptable"), OpenApiConfig::concat);
        problems.merge(429, List.of("rate-limited"), OpenApiConfig::concat);
        problems.merge(500, doc.jwtBody() ? List.of("internal-error", "signing-failed") : List.of("internal-error"), OpenApiConfig::concat);
        problems.forEach((status, codes) -> responses.addApiResponse(String.valueOf(status), problem(status, codes)));
        responses.get("429").addHeaderObject("Retry-After", new Header()
                .description("Seconds to wait before the next request").schema(new IntegerSchema()));
        operation.setResponses(responses);
        if (key.equals(LEDGER)) {
            ledgerFormats(operation);
        }
        if (key.equals(JWKS)) {
            jwks(operation);
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().forEach((contentType, media) -> examples(media, doc.examples().get(contentType)));
        }
    }

    /** The table's success status and, for token downloads, application/jwt: what the endpoint really answers. */
    private static void success(ApiResponses responses, ApiDocs.Endpoint doc) {
        String status = String.valueOf(doc.successStatus());
        ApiResponse ok = responses.values().stream().findFirst().orElseGet(() -> new ApiResponse().description("OK"));
        responses.keySet().removeIf(s -> s.startsWith("2"));
        ok.description(HttpStatus.valueOf(doc.successStatus()).getReasonPhrase());
        if (doc.jwtBody()) {
            // format binary: generators hand the file over as it came (a File, a Blob) instead of parsing it as JSON;
            // the file is one line of ASCII, the compact JWS
            ok.content(new Content().addMediaType(ApiDocs.JWT, new MediaType().schema(new StringSchema().format("binary")
                    .description("A compact JWS (RFC 7515), one line of ASCII, as a file").example(ApiDocs.EXAMPLE_TOKEN))));
        }
        responses.addApiResponse(status, ok);
    }

    /**
     * A {@code Map<String, Object>} (a timeline event's detail, a JWK) holds values of any JSON type: OpenAPI 3.0
     * says so with {@code additionalProperties: true}, where springdoc writes {@code {type: object}}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void anyValueInMaps(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getAdditionalProperties() instanceof Schema values && "object".equals(values.getType())
                && values.getProperties() == null && values.get$ref() == null) {
            schema.setAdditionalProperties(true);
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).values().forEach(OpenApiConfig::anyValueInMaps);
        }
        anyValueInMaps(schema.getItems());
    }

    /** One tag per part of the product (a generated client's API class each), not one per controller. */
    static String tag(String path) {
        if (path.startsWith("/api/v1/licenses") || path.startsWith("/api/v1/remote-activations")) {
            return "remote-activations";
        }
        if (path.startsWith("/api/v1/subscriptions") || path.startsWith("/api/v1/systems") || path.startsWith("/api/v1/credit-assignments")) {
            return "credits";
        }
        if (path.startsWith("/api/v1/edge")) {
            return "edge";
        }
        if (path.startsWith("/api/v1/audit")) {
            return "audit";
        }
        if (path.startsWith("/api/v1/admin/api-tokens")) {
            return "api-tokens";
        }
        return "signing-keys";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    static final String LEDGER = "GET /api/v1/audit/ledger";
    static final String JWKS = "GET /.well-known/jwks.json";
    static final String JWK_SET = "JwkSet";
    static final String PUBLIC_JWK = "EcPublicJwk";

    /** The JWKS body is Nimbus' map: its RFC 7517 shape is written here, with the caching headers and the 304. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void jwks(Operation operation) {
        Schema ref = new Schema<>().$ref("#/components/schemas/" + JWK_SET);
        Map<String, Header> caching = Map.of(
                "ETag", new Header().description("Names the set of keys; send it back as If-None-Match").schema(new StringSchema()),
                "Cache-Control", new Header().description("public, max-age=300: a client may keep the set five minutes, "
                        + "and fetches it anew on a kid it does not know").schema(new StringSchema()),
                "Vary", new Header().description("Accept: the set is served as application/json or application/jwk-set+json")
                        .schema(new StringSchema()));
        ApiResponse ok = operation.getResponses().get("200");
        ok.content(new Content().addMediaType("application/json", new MediaType().schema(ref))
                .addMediaType("application/jwk-set+json", new MediaType().schema(ref)));
        ok.headers(new java.util.LinkedHashMap<>(caching));
        operation.getResponses().addApiResponse("304", new ApiResponse()
                .description("Not Modified: the If-None-Match ETag still names the current set, or If-None-Match is *").headers(new java.util.LinkedHashMap<>(caching)));
    }

    /**
     * An edge's public key as the server takes it (tokens/EdgeKeys): an EC P-256 JWK without its private part; other
     * members (kid, use, alg) are accepted and ignored.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema publicJwkSchema() {
        Schema jwk = new ObjectSchema().description("An EC P-256 public key as a JWK (RFC 7517, RFC 7518 §6.2.1); never the private part `d`")
                .addProperty("kty", new StringSchema()._enum(List.of("EC")))
                .addProperty("crv", new StringSchema()._enum(List.of("P-256")))
                .addProperty("x", new StringSchema().description("base64url"))
                .addProperty("y", new StringSchema().description("base64url"));
        jwk.setRequired(List.of("kty", "crv", "x", "y"));
        jwk.setAdditionalProperties(true);
        jwk.setExample(ApiDocs.EXAMPLE_JWK);
        return jwk;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema jwkSetSchema() {
        Schema jwk = new ObjectSchema().description("A public signing key (RFC 7517; EC P-256 for ES256)")
                .addProperty("kty", new StringSchema().example("EC"))
                .addProperty("crv", new StringSchema().example("P-256"))
                .addProperty("x", new StringSchema())
                .addProperty("y", new StringSchema())
                .addProperty("kid", new StringSchema().description("The key's RFC 7638 thumbprint"))
                .addProperty("use", new StringSchema().example("sig"))
                .addProperty("alg", new StringSchema().example("ES256"));
        jwk.setRequired(List.of("kty", "kid"));
        Schema set = new ObjectSchema().description("Grantflow's public signing keys (RFC 7517 JWK Set)")
                .addProperty("keys", new ArraySchema().items(jwk));
        set.setRequired(List.of("keys"));
        return set;
    }

    /**
     * The ledger's three handlers (JSON, CSV by Accept, CSV by {@code ?format=csv}) are one operation: springdoc
     * merges their bodies into a {@code oneOf} under application/json; each format gets its own content type here.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void ledgerFormats(Operation operation) {
        operation.getResponses().get("200").content(new Content()
                .addMediaType("application/json", new MediaType().schema(new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/LedgerEntry"))))
                .addMediaType("text/csv", new MediaType().schema(new StringSchema()
                        .description("One row per ledger entry, with a header row"))));
        boolean hasFormat = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "format".equals(p.getName()));
        if (!hasFormat) {
            operation.addParametersItem(new Parameter().in("query").name("format").required(false)
                    .description("`csv` for the CSV download by a plain link (same as Accept: text/csv)")
                    .schema(new StringSchema()._enum(List.of("csv"))));
        }
    }

    private static void examples(MediaType media, Map<String, Object> examples) {
        if (examples == null) {
            return;
        }
        examples.forEach((name, value) -> media.addExamples(name, new Example().summary(name).value(value)));
    }

    private static ApiResponse problem(int status, List<String> codes) {
        List<Refusal> distinct = codes.stream().distinct().map(OpenApiConfig::catalogued).toList();
        String description = HttpStatus.valueOf(status).getReasonPhrase() + ". Problem code: "
                + distinct.stream().map(r -> "`" + r.code() + "` (" + r.title() + ")").collect(Collectors.joining(", "));
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                        .example(Map.of("type", "https://grantflow.io/problems/" + distinct.get(0).code(), "title",
                                distinct.get(0).title(), "status", status, "detail", "Why, for people",
                                "code", distinct.get(0).code()))));
    }

    /** The catalogue's entry: a code the document names is one the server can answer. */
    private static Refusal catalogued(String code) {
        Refusal refusal = Refusal.of(code);
        if (refusal == null) {
            throw new IllegalStateException("The problem code '" + code + "' is not in the Refusal catalogue");
        }
        return refusal;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 7807 problem with Grantflow's stable code")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("Stable, kebab-case: what clients and the edge act on"))
                .required(List.of("type", "title", "status", "code"));
    }
}
