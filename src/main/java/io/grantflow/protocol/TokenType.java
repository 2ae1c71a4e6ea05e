package io.grantflow.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The {@code typ} of every token Grantflow signs or accepts. */
public enum TokenType {
    UPDATE("update+jwt"),
    CONNECTION("connection+jwt"),
    CREDITS("credits+jwt"),
    RECEIPT("receipt+jwt"),
    REVOKE("revoke+jwt"),
    DISCONNECT("disconnect+jwt"),
    CALLIN("callin+jwt"),
    EVIDENCE("evidence+jwt");

    private final String typ;

    TokenType(String typ) {
        this.typ = typ;
    }

    public String typ() {
        return typ;
    }

    /**
     * The type a {@code typ} header names. It is a media type (RFC 7515 §4.1.9): compared case-insensitively, and
     * {@code application/update+jwt} names the same type as {@code update+jwt} (the prefix may be omitted).
     */
    public static Optional<TokenType> ofTyp(String typ) {
        if (typ == null) {
            return Optional.empty();
        }
        String name = typ.strip();
        if (name.regionMatches(true, 0, "application/", 0, 12)) {
            name = name.substring(12);
        }
        String bare = name;
        return Arrays.stream(values()).filter(t -> t.typ.equalsIgnoreCase(bare)).findFirst();
    }
}
