package io.grantflow.protocol;

/**
 * Which characters a stored label or id may hold: no control characters (C0, C1, NUL: PostgreSQL cannot even store
 * NUL), no Unicode bidi controls (text that reads otherwise than it is stored), no other invisible characters (format
 * characters such as the zero width space, the word joiner or tags; Hangul fillers; the combining grapheme joiner:
 * two labels that look the same must be the same), no line or paragraph separators (a label is one line), no
 * unassigned, private-use or lone surrogate code points. The zero width joiner and non-joiner stay: scripts such as
 * Persian and the Indic ones need them, and so do emoji made of several. Shared by the request validation and the
 * token checks of both sides.
 */
public final class PlainCharacters {

    private PlainCharacters() {
    }

    /** True when every code point of {@code text} is allowed in a stored label or id. */
    public static boolean isPlain(String text) {
        return text.codePoints().allMatch(PlainCharacters::allowed);
    }

    private static boolean allowed(int c) {
        if (isBidiControl(c) || isInvisible(c)) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.FORMAT -> c == ZERO_WIDTH_NON_JOINER || c == ZERO_WIDTH_JOINER;
            default -> true;
        };
    }

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    /** Letters and marks that show nothing: the Hangul fillers and the combining grapheme joiner. */
    private static boolean isInvisible(int c) {
        return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x034F;
    }

    /** LRM, RLM, ALM and the embedding, override and isolate controls. */
    private static boolean isBidiControl(int c) {
        return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
