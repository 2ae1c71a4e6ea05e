package io.grantflow.protocol;

import jakarta.annotation.Nullable;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/edge/call-in}, in this field order: what awaits the edge (connection
 * tokens, credit files, revokes to answer) and what became of what it posted (accepted jtis, refused entries).
 */
public record CallInAnswer(String edgeId, String serverTime, List<String> connectionTokens, List<String> creditFiles,
        List<PendingRevoke> revokes, List<String> accepted, List<Refused> refused) {

    /** A revoke the edge must answer with a {@code revoke+jwt} for the credit file {@code fileJti}. */
    public record PendingRevoke(String assignmentId, String fileJti) {
    }

    /**
     * A token the edge posted that was refused, with its code; the rest of the call-in still counts. It names
     * the token: {@code index} is its place in the posted list of its kind (0 = first), {@code jti} its jti where the
     * token had a readable one (absent for text that is no token).
     */
    public record Refused(String kind, int index, @Nullable String jti, String code, String detail) {
    }

    public CallInAnswer {
        connectionTokens = none(connectionTokens);
        creditFiles = none(creditFiles);
        revokes = none(revokes);
        accepted = none(accepted);
        refused = none(refused);
    }

    /** An absent list reads as an empty one (an older server, or a field it left out). */
    private static <T> List<T> none(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
