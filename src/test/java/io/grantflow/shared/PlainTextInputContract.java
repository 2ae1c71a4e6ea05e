package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Labels and ids Grantflow stores refuse control characters (NUL among them, which PostgreSQL cannot store), bidi
 * controls and other invisible characters, line separators, unassigned and private-use code points:
 * {@code 400 invalid-request} naming the field, nothing stored. Run on H2 and on PostgreSQL.
 */
final class PlainTextInputContract {

    static final List<String> HOSTILE = List.of("\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009b",
            "\u202e", "abc\u202dx", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
            "\ue000", "\udb80\udc00", "\u0378",
            // invisible: format characters (zero width space, word joiner, BOM, soft hyphen, tags), line and paragraph
            // separators, Hangul fillers, the combining grapheme joiner
            "\u200b", "Plant\u200b7", "\u2060", "\ufeff", "\u00ad", "\u180e", "\udb40\udc41", "\u2028", "a\u2028b", "\u2029",
            "\u3164", "\u115f", "\uffa0", "a\u034fb");

    private PlainTextInputContract() {
    }

    static void run(int port, JdbcTemplate jdbc) {
        Http operator = Http.at(port).as("operator");
        Http integrator = Http.at(port).as("integrator");
        long systems = count(jdbc, "gf_system");
        long activations = count(jdbc, "gf_remote_activation");
        long assignments = count(jdbc, "gf_credit_assignment");
        List<String> wrong = new ArrayList<>();
        for (String bad : HOSTILE) {
            for (String field : List.of("label", "accountId")) {
                Map<String, Object> body = new LinkedHashMap<>(Map.of("accountId", "ACME", "label", "Plant 7",
                        "systemKey", EdgeKeyPair.create("SYS").publicJwk()));
                body.put(field, field.equals("label") ? "Plant " + bad : "ACME" + bad);
                check(wrong, field, bad, operator.postJson("/api/v1/systems", body));
            }
            EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
            Map<String, Object> add = new LinkedHashMap<>();
            add.put("installationId", key.id() + bad);
            add.put("installationKey", key.publicJwk());
            add.put("seats", 1);
            add.put("expiresAt", Instant.now().plus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
            check(wrong, "installationId", bad, integrator.postJson("/api/v1/licenses/LIC-DEMO/remote-activations", add));
        }
        Http.Response linked = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label",
                "Werk 7 — Zürich 東京 مطبعة می\u200Cخواهم \uD83D\uDDA8\uFE0F \uD83D\uDC69\u200D\uD83D\uDCBB", "systemKey", EdgeKeyPair.create("SYS").publicJwk()));
        assertThat(linked.status()).as("a label in any script, with emoji (one joined) and a Persian joiner: " + linked).isEqualTo(201);
        String path = "/api/v1/systems/" + linked.json().path("systemId").asText() + "/credit-assignments";
        for (String bad : HOSTILE) {
            check(wrong, "subscriptionId", bad, operator.postJson(path, Map.of("subscriptionId", "SUB-ANNUAL" + bad, "credits", 1)));
        }
        assertThat(wrong).isEmpty();
        assertThat(count(jdbc, "gf_system")).isEqualTo(systems + 1);
        assertThat(count(jdbc, "gf_remote_activation")).isEqualTo(activations);
        assertThat(count(jdbc, "gf_credit_assignment")).isEqualTo(assignments);
        // the database is still well: a plain request right after the refusals works
        assertThat(operator.get("/api/v1/systems/" + linked.json().path("systemId").asText()).status()).isEqualTo(200);
    }

    private static void check(List<String> wrong, String field, String bad, Http.Response r) {
        boolean ok = r.status() == 400 && r.contentType().startsWith("application/problem+json")
                && r.json().path("code").asText().equals("invalid-request") && r.json().path("detail").asText().contains(field);
        if (!ok) {
            wrong.add(field + " with U+" + bad.codePoints().mapToObj(c -> String.format("%04X", c)).toList() + ": " + r);
        }
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
