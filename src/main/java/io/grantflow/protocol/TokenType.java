package io.grantflow.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The {@code typ} of every token Grantflow signs or accepts (design.md §3). */
public enum TokenType {
    UPDATE("update+jwt"),
    CONNECTION("connection+jwt"),
    CREDITS("credits+jwt"),
    RECEIPT("receipt+jwt"),
    REVOKE("revoke+jwt"),
    CALLIN("callin+jwt"),
    EVIDENCE("evidence+jwt");

    private final String typ;

    TokenType(String typ) {
        this.typ = typ;
    }

    public String typ() {
        return typ;
    }

    public static Optional<TokenType> ofTyp(String typ) {
        return Arrays.stream(values()).filter(t -> t.typ.equalsIgnoreCase(typ)).findFirst();
    }
}
