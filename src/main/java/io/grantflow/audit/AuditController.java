package io.grantflow.audit;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.LedgerVerifier;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The auditors' API: read-only, {@code auditors} only (SecurityConfig). */
@RestController
@RequestMapping("/api/v1/audit")
@RequiredArgsConstructor
class AuditController {

    private static final MediaType JWT = MediaType.parseMediaType("application/jwt");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final LedgerService ledger;
    private final LedgerVerifier verifier;
    private final Timelines timelines;
    private final EvidenceBundles evidence;
    private final ProcessDiagrams diagrams;

    @GetMapping(path = "/ledger", produces = MediaType.APPLICATION_JSON_VALUE)
    List<LedgerEntry> ledger(@RequestParam(required = false) String pool, @RequestParam(required = false) String holder,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return ledger.entries(pool, holder, instant("from", from), instant("to", to));
    }

    /** CSV by {@code Accept: text/csv}, or by {@code ?format=csv} for a plain link. */
    @GetMapping(path = "/ledger", params = "format=csv")
    ResponseEntity<String> ledgerCsvLink(@RequestParam(required = false) String pool, @RequestParam(required = false) String holder,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return ledgerCsv(pool, holder, from, to);
    }

    @GetMapping(path = "/ledger", produces = "text/csv")
    ResponseEntity<String> ledgerCsv(@RequestParam(required = false) String pool, @RequestParam(required = false) String holder,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        String csv = LedgerCsv.write(ledger.entries(pool, holder, instant("from", from), instant("to", to)));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ledger.csv").build().toString())
                .body(csv);
    }

    @GetMapping("/ledger/verify")
    LedgerVerification verify() {
        LedgerVerifier.Report report = verifier.verifyAll();
        return new LedgerVerification(report.pools(), report.rows(), report.intact(), report.broken());
    }

    /** The answer of {@code /ledger/verify}: every pool's chain checked; intact when nothing is broken. */
    record LedgerVerification(int pools, long rows, boolean intact, List<LedgerVerifier.Break> broken) {
    }

    @GetMapping("/timeline/{kind}/{id}")
    Timeline timeline(@PathVariable String kind, @PathVariable String id) {
        return timelines.timeline(kind, id);
    }

    /** The BPMN of a flow a timeline lists (its processDefinitionId), for drawing the path taken. */
    @GetMapping("/process-definitions/{processDefinitionId}/xml")
    ProcessDiagrams.ProcessDiagram diagram(@PathVariable String processDefinitionId) {
        return diagrams.diagram(processDefinitionId);
    }

    @GetMapping("/evidence/{kind}/{id}")
    ResponseEntity<String> evidence(@PathVariable String kind, @PathVariable String id) {
        return ResponseEntity.ok()
                .contentType(JWT)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("evidence-" + kind + "-" + id.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jwt")
                                .build().toString())
                .body(evidence.bundle(kind, id));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(value);
            if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
                // Instant reaches a billion years either way; the databases' timestamps do not
                throw Refusal.INVALID_REQUEST.exception(name + " must lie between years 1 and 9999");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw Refusal.INVALID_REQUEST.exception(name + " must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z");
        }
    }
}
