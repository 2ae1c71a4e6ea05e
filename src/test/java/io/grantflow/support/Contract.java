package io.grantflow.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The API's contract as integrators read it: every answer the HTTP tests receive from Grantflow's API is checked
 * against {@code docs/openapi.json} (kept equal to the live {@code /v3/api-docs} by OpenApiSnapshotTest). An
 * undocumented status, content type or field fails the test that received it.
 */
public final class Contract {

    static final Path DOCUMENT = Path.of("docs/openapi.json");

    private static volatile OpenApiInteractionValidator validator;

    private Contract() {
    }

    /** Whether answers on this path are Grantflow's documented API (pages, the engine's and the webapps' are not). */
    static boolean covers(String path) {
        // /api/engine, /api/admin, /api/cockpit … are the Camunda webapps' own API, not Grantflow's
        return path.startsWith("/api/v1/") || path.startsWith("/.well-known/");
    }

    /**
     * Fails with every difference between the answer and the document.
     *
     * @param method the request's method, as sent
     * @param uri the request's URI, as sent
     */
    public static void check(String method, URI uri, int status, String contentType, String body) {
        String path = uri.getRawPath();
        if (!covers(path) || method.equals("HEAD")) {
            return; // HEAD answers GET's headers without a body: nothing to compare with the document's body schema
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (!contentType.isEmpty()) {
            response.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator().validateResponse(path, Request.Method.valueOf(method), response.build());
        if (report.hasErrors()) {
            String failure = ("The answer to " + method + " " + path + " does not match docs/openapi.json:\n"
                    + report.getMessages().stream().map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n"))
                    + "\n  answer: " + status + " " + contentType + " " + (body == null ? "" : abbreviate(body)));
            String survey = System.getProperty("grantflow.contract.survey");
            if (survey == null) {
                throw new AssertionError(failure);
            }
            try { // the whole suite's differences in one run, while the document is being brought in line
                Files.writeString(Path.of(survey), failure + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (Contract.class) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(read())
                            // a field the document does not name fails too: the validator's default, which ContractTest holds it to
                            .withLevelResolver(LevelResolver.create()
                                    // odd paths and methods are the attackers' tests: their answers are problems
                                    // checked by those tests, not operations of the document
                                    .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.response.operation.notAllowed", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }

    private static String read() {
        try {
            return Files.readString(DOCUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(DOCUMENT + " is the API's contract; write it with OpenApiSnapshotTest", e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "…";
    }
}
