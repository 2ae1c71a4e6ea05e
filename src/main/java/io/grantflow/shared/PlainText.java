package io.grantflow.shared;

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
 * A label or id Grantflow stores is plain text: no control characters (C0, C1, NUL: PostgreSQL cannot even store
 * NUL), no Unicode bidi controls (text that reads otherwise than it is stored), no unassigned, private-use or lone
 * surrogate code points. Other characters of any script (and emoji) stay allowed. Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must not contain control, bidi-control, unassigned or private-use characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isPlain(value);
        }

        /** True when every code point of {@code text} is allowed in a stored label or id. */
        public static boolean isPlain(String text) {
            return text.codePoints().allMatch(Validator::allowed);
        }

        private static boolean allowed(int c) {
            if (isBidiControl(c)) {
                return false;
            }
            return switch (Character.getType(c)) {
                case Character.CONTROL, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> false;
                default -> true;
            };
        }

        /** LRM, RLM, ALM and the embedding, override and isolate controls. */
        private static boolean isBidiControl(int c) {
            return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
        }
    }
}
