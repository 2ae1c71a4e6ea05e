package io.grantflow.shared;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts (seats, credits) are exact JSON integers: Jackson would read {@code 1.5} as 1 and {@code "5"} as 5. Floats are
 * refused by {@code spring.jackson.deserialization.accept-float-as-int: false}, strings and booleans here; a refused
 * count is {@code 400 invalid-request} naming the field ({@link ProblemHandler}).
 */
@Configuration(proxyBeanMethods = false)
class ExactNumbers {

    private static final Pattern STRING_VALUE = Pattern.compile("String value \\(\"(.*?)\"\\)");
    private static final Set<Class<?>> INTEGRAL = Set.of(Long.class, long.class, Integer.class, int.class, Short.class,
            short.class, BigInteger.class);

    @Bean
    Jackson2ObjectMapperBuilderCustomizer exactIntegers() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }

    /**
     * The field whose value is not an exact integer, when that is why the body was refused: a fraction, a number in
     * quotes, a boolean, or a number beyond the field's range. A string that is no number at all stays a malformed body.
     */
    static Optional<String> notAnInteger(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                Class<?> target = target(mapping);
                if (target == null || !INTEGRAL.contains(target)) {
                    return Optional.empty();
                }
                String text = quotedValue(mapping);
                if (text != null && !numeric(text)) {
                    return Optional.empty();
                }
                return Optional.of(field(mapping));
            }
        }
        return Optional.empty();
    }

    /**
     * The string a refused coercion was given: from the exception where Jackson keeps it, else from its message
     * ({@code Cannot coerce String value ("many") to ...}); null when the value was no string.
     */
    private static String quotedValue(JsonMappingException mapping) {
        if (mapping instanceof InvalidFormatException invalid) {
            return invalid.getValue() instanceof String text ? text : null;
        }
        String message = mapping.getOriginalMessage();
        Matcher quoted = message == null ? null : STRING_VALUE.matcher(message);
        return quoted != null && quoted.find() ? quoted.group(1) : null;
    }

    private static Class<?> target(JsonMappingException mapping) {
        if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return mismatched.getTargetType();
        }
        return mapping.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
    }

    static String field(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static boolean numeric(String text) {
        return text.strip().matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
