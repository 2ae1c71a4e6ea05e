package io.grantflow.edge;

import java.util.ArrayList;
import java.util.List;

/** What awaits the edge, filled in by every {@link CallInHandler}; also the JSON answer of the call-in. */
public final class CallInAnswer {

    /** A revoke the edge must answer with a {@code revoke+jwt} for the credit file {@code fileJti}. */
    public record PendingRevoke(String assignmentId, String fileJti) {
    }

    /** A token the edge posted that was refused, with the api.md code; the rest of the call-in still counts. */
    public record Refused(String kind, String code, String detail) {
    }

    private final String edgeId;
    private final String serverTime;
    private final List<String> connectionTokens = new ArrayList<>();
    private final List<String> creditFiles = new ArrayList<>();
    private final List<PendingRevoke> revokes = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();

    public CallInAnswer(String edgeId, String serverTime) {
        this.edgeId = edgeId;
        this.serverTime = serverTime;
    }

    public String getEdgeId() {
        return edgeId;
    }

    public String getServerTime() {
        return serverTime;
    }

    public List<String> getConnectionTokens() {
        return connectionTokens;
    }

    public List<String> getCreditFiles() {
        return creditFiles;
    }

    public List<PendingRevoke> getRevokes() {
        return revokes;
    }

    /** jtis of the receipts and revoke keys that were accepted. */
    public List<String> getAccepted() {
        return accepted;
    }

    public List<Refused> getRefused() {
        return refused;
    }
}
