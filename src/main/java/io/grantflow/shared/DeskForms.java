package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the desk's forms send, read the way the API reads its JSON: a token or key pasted or chosen as a file, whole
 * numbers, dates, and the request records checked by the same constraints with the same {@code invalid-request}
 * detail ({@link ProblemHandler}'s "field: message; …").
 */
public final class DeskForms {

    private DeskForms() {
    }

    /** The chosen file's text if one was chosen, else the pasted text (null when neither). */
    public static String fileOrText(MultipartFile file, String text) {
        if (file == null || file.isEmpty()) {
            return text;
        }
        try {
            return new String(file.getBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value (a JWK), or null when nothing was given; {@code invalid-key} when it is not JSON. */
    public static Object json(ObjectMapper json, String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw Refusal.INVALID_KEY.exception(what + " is not a JSON Web Key (a JSON object)");
        }
    }

    public static Long wholeNumber(String text, String field) {
        try {
            return text == null || text.isBlank() ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw Refusal.INVALID_REQUEST.exception(field + ": must be a whole number");
        }
    }

    /** A date (the day's start, UTC), or null when none was given. */
    public static Instant day(String text, String field) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.INVALID_REQUEST.exception(field + ": must be a date (YYYY-MM-DD)");
        }
    }

    /** The request record's constraints, as {@code @Valid} checks them at the API's door. */
    public static <T> T valid(Validator validator, T request) {
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw Refusal.INVALID_REQUEST.exception(violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        return request;
    }
}
