package io.grantflow.protocol;

/**
 * Which characters a stored label or id may hold: no control characters (C0, C1, NUL: PostgreSQL cannot even store
 * NUL), no Unicode bidi controls (text that reads otherwise than it is stored), no unassigned, private-use or lone
 * surrogate code points. Shared by the request validation and the token checks of both sides.
 */
public final class PlainCharacters {

    private PlainCharacters() {
    }

    /** True when every code point of {@code text} is allowed in a stored label or id. */
    public static boolean isPlain(String text) {
        return text.codePoints().allMatch(PlainCharacters::allowed);
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
