package io.grantflow.shared;

import io.grantflow.protocol.PlainCharacters;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A label or id Grantflow stores is plain text ({@link PlainCharacters}); other characters of any script (and emoji)
 * stay allowed. Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    /** What {@code @NotBlank} refuses, as the OpenAPI document's pattern: some character that is not a space. */
    String NOT_BLANK = "^\\s*\\S.*$";

    String message() default "must not contain control, bidi-control, invisible, line-separator, unassigned or private-use characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isPlain(value);
        }

        /** True when every code point of {@code text} is allowed in a stored label or id. */
        public static boolean isPlain(String text) {
            return PlainCharacters.isPlain(text);
        }
    }
}
