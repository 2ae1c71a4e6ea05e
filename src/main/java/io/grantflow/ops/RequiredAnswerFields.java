package io.grantflow.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Marks the fields every answer carries as {@code required} in the OpenAPI document, so that a generated client
 * can rely on them: every component of Grantflow's answer records except those annotated {@code @Nullable}, which
 * Jackson leaves out when null ({@code default-property-inclusion: non_null}). Request records (those with
 * bean-validation constraints) keep the {@code required} their constraints give them.
 */
@Component
class RequiredAnswerFields implements ModelConverter {

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (schema == null) {
            return null;
        }
        JavaType javaType = Json.mapper().constructType(type.getType());
        Class<?> raw = javaType.getRawClass();
        if (raw == null || !raw.isRecord() || !raw.getPackageName().startsWith("io.grantflow") || isRequestBody(raw)) {
            return schema;
        }
        Schema model = schema.get$ref() == null ? schema
                : context.getDefinedModels().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        if (model == null || model.getProperties() == null) {
            return schema;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = jsonName(component);
            if (model.getProperties().containsKey(name) && !nullable(component)) {
                model.addRequiredItem(name);
            }
        }
        return schema;
    }

    /** Spring's {@code @Nullable}, or jakarta's in the Spring-free protocol package the edge agent shares. */
    private static boolean nullable(RecordComponent component) {
        return Arrays.stream(component.getAccessor().getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
    }

    /** Request records carry bean-validation constraints: those, not this class, say what a client must send. */
    private static boolean isRequestBody(Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (Stream.concat(Arrays.stream(component.getAccessor().getAnnotations()),
                    Arrays.stream(component.getAnnotatedType().getAnnotations()))
                    .anyMatch(a -> a.annotationType().getPackageName().startsWith("jakarta.validation"))) {
                return true;
            }
        }
        return false;
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }
}
