package io.grantflow.ops;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
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
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI grantflowOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Grantflow API").version("v1")
                        .description("Printer seats and credits through BPMN flows. Errors are RFC 7807 application/problem+json "
                                + "with a stable `code`; each operation lists its codes by status. Starts take an Idempotency-Key "
                                + "header. Log in with the Authorize button (HTTP Basic: operator, integrator or auditor)."))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda identity-service user of group operators, integrators or auditors"))
                        .addSecuritySchemes(CALLIN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("callin+jwt").description("A short-lived callin+jwt signed by the edge's registered key"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
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
        operation.setDescription("Who: " + doc.who() + "." + (operation.getDescription() == null ? "" : "\n\n" + operation.getDescription()));
        switch (doc.auth()) {
            case PUBLIC -> operation.setSecurity(List.of());
            case EDGE_BEARER -> operation.setSecurity(List.of(new SecurityRequirement().addList(CALLIN)));
            case SIGNED_BODY_OR_BASIC -> operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(BASIC)));
            case BASIC -> {
                // the document's default
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        // springdoc infers a catch-all 500 from the @ExceptionHandler advice; the table says what really comes back
        responses.keySet().removeIf(status -> !status.startsWith("2"));
        success(responses, doc);
        doc.problems().forEach((status, codes) -> responses.addApiResponse(String.valueOf(status), problem(status, codes)));
        if (doc.auth() == ApiDocs.Auth.BASIC) {
            responses.computeIfAbsent("401", s -> problem(401, List.of("unauthorized")));
            responses.computeIfAbsent("403", s -> problem(403, List.of("forbidden")));
        }
        operation.setResponses(responses);
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
            ok.content(new Content().addMediaType(ApiDocs.JWT, new MediaType().schema(new StringSchema()
                    .description("A compact JWS").example(ApiDocs.EXAMPLE_TOKEN))));
        }
        responses.addApiResponse(status, ok);
    }

    private static void examples(MediaType media, Map<String, Object> examples) {
        if (examples == null) {
            return;
        }
        examples.forEach((name, value) -> media.addExamples(name, new Example().summary(name).value(value)));
    }

    private static ApiResponse problem(int status, List<String> codes) {
        List<String> distinct = codes.stream().distinct().toList();
        String description = HttpStatus.valueOf(status).getReasonPhrase() + ". Problem code: `"
                + String.join("`, `", distinct) + "`";
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                        .example(Map.of("type", "https://grantflow.io/problems/" + distinct.get(0), "title",
                                HttpStatus.valueOf(status).getReasonPhrase(), "status", status, "detail", "Why, for people",
                                "code", distinct.get(0)))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 7807 problem with Grantflow's stable code")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("Stable, kebab-case: what clients and the edge act on"));
    }
}
