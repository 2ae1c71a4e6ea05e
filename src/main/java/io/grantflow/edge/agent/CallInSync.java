package io.grantflow.edge.agent;

import io.grantflow.protocol.CallInAnswer;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenType;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Online mode: call in (posting the receipts, revoke keys and disconnect proofs not yet accepted), apply what Grantflow sends,
 * answer its revokes with revoke keys, and post what that produced at once in a second call-in.
 */
final class CallInSync {

    private static final Duration CALLIN_TTL = Duration.ofMinutes(5);

    private final EdgeHome home;
    private final EdgeIdentity identity;
    private final CallInClient client;
    private final Supplier<Instant> clock;
    private final PrintStream out;

    CallInSync(EdgeHome home, EdgeIdentity identity, CallInClient client, Supplier<Instant> clock, PrintStream out) {
        this.home = home;
        this.identity = identity;
        this.client = client;
        this.clock = clock;
        this.out = out;
    }

    void syncOnce() {
        handle(post());
        if (!home.state().outbox(clock.get()).isEmpty()) {
            handle(post());
        }
    }

    private record Posted(List<EdgeState.OutboxItem> items, CallInAnswer answer) {
    }

    private Posted post() {
        List<EdgeState.OutboxItem> outbox = home.state().outbox(clock.get());
        List<String> receipts = outbox.stream().filter(i -> EdgeState.RECEIPT.equals(i.kind)).map(i -> i.token).toList();
        List<String> revokeKeys = outbox.stream().filter(i -> EdgeState.REVOKE_KEY.equals(i.kind)).map(i -> i.token).toList();
        List<String> disconnectProofs = outbox.stream().filter(i -> EdgeState.DISCONNECT_PROOF.equals(i.kind)).map(i -> i.token).toList();
        String bearer = identity.signer().sign(TokenType.CALLIN, identity.requireId(), clock.get(), CALLIN_TTL, Map.of()).compact();
        CallInAnswer answer = client.callIn(bearer, receipts, revokeKeys, disconnectProofs);
        out.println("called in at " + answer.serverTime() + ": posted " + receipts.size() + " receipt(s), " + revokeKeys.size()
                + " revoke key(s)" + (disconnectProofs.isEmpty() ? "" : ", " + disconnectProofs.size() + " disconnect proof(s)") + "; received " + answer.connectionTokens().size() + " connection token(s), " + answer.creditFiles().size()
                + " credit file(s), " + answer.revokes().size() + " revoke(s)");
        return new Posted(outbox, answer);
    }

    private void handle(Posted posted) {
        settle(posted);
        Holdings holdings = new Holdings(home, identity, clock.get());
        List<String> files = new ArrayList<>(posted.answer().connectionTokens());
        files.addAll(posted.answer().creditFiles());
        for (String file : files) {
            try {
                holdings.apply(file).lines().forEach(line -> out.println("  " + line));
            } catch (GrantflowException e) {
                if ("token-replayed".equals(e.code())) {
                    out.println("  already applied: " + e.getMessage());
                } else {
                    out.println("  refused a file: " + e.code() + ": " + e.getMessage());
                }
            } catch (AgentException e) {
                out.println("  refused a file: " + e.code() + ": " + e.getMessage());
            }
        }
        for (CallInAnswer.PendingRevoke revoke : posted.answer().revokes()) {
            try {
                holdings.revokeKey(revoke.assignmentId(), revoke.fileJti());
                out.println("  gave up assignment " + revoke.assignmentId() + ": revoke key ready");
            } catch (AgentException e) {
                out.println("  cannot answer the revoke of assignment " + revoke.assignmentId() + ": " + e.code() + ": " + e.getMessage());
            }
        }
    }

    /** Items leave the outbox once accepted or refused; a refusal names its jti, or is the only one of its kind left. */
    private void settle(Posted posted) {
        Set<String> accepted = new HashSet<>(posted.answer().accepted());
        List<CallInAnswer.Refused> refusals = new ArrayList<>(posted.answer().refused());
        Set<String> settled = new HashSet<>();
        List<EdgeState.OutboxItem> open = new ArrayList<>();
        for (EdgeState.OutboxItem item : posted.items()) {
            if (accepted.contains(item.jti)) {
                settled.add(item.jti);
                out.println("  " + item.kind + " for " + item.subject + " accepted");
            } else {
                CallInAnswer.Refused named = refusals.stream().filter(r -> item.jti.equals(r.jti())).findFirst()
                        .or(() -> refusals.stream().filter(r -> r.detail() != null && r.detail().contains(item.jti)).findFirst()).orElse(null);
                if (named != null) {
                    refusals.remove(named);
                    settle(item, named, settled);
                } else {
                    open.add(item);
                }
            }
        }
        for (String kind : List.of(EdgeState.RECEIPT, EdgeState.REVOKE_KEY, EdgeState.DISCONNECT_PROOF)) {
            List<EdgeState.OutboxItem> openOfKind = open.stream().filter(i -> kind.equals(i.kind)).toList();
            List<CallInAnswer.Refused> refusedOfKind = refusals.stream().filter(r -> kindOf(r).equals(kind)).toList();
            if (!openOfKind.isEmpty() && openOfKind.size() == refusedOfKind.size()) {
                for (int i = 0; i < openOfKind.size(); i++) {
                    settle(openOfKind.get(i), refusedOfKind.get(i), settled);
                }
                refusals.removeAll(refusedOfKind);
            }
        }
        refusals.forEach(r -> out.println("  refused by Grantflow: " + r.kind() + ": " + r.code() + ": " + r.detail()));
        if (!settled.isEmpty()) {
            home.update(state -> state.outbox.removeIf(i -> settled.contains(i.jti)));
        }
    }

    private void settle(EdgeState.OutboxItem item, CallInAnswer.Refused refused, Set<String> settled) {
        settled.add(item.jti);
        if ("token-replayed".equals(refused.code())) {
            out.println("  " + item.kind + " for " + item.subject + " was handed over before");
        } else {
            out.println("  " + item.kind + " for " + item.subject + " refused: " + refused.code() + ": " + refused.detail());
        }
    }

    private static String kindOf(CallInAnswer.Refused refused) {
        String kind = refused.kind() == null ? "" : refused.kind().toLowerCase(Locale.ROOT);
        return kind.contains("receipt") ? EdgeState.RECEIPT : kind.contains("revoke") ? EdgeState.REVOKE_KEY
                : kind.contains("disconnect") ? EdgeState.DISCONNECT_PROOF : kind;
    }
}
