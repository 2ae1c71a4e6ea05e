package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The desk's hand-over page of a credit assignment, in the operator's Tasklist login: the assignment, its HOME
 * system and subscription, and the credit file for an offline system. Downloading issues the file and marks the
 * assignment downloaded (a write: a form with Spring's CSRF token); the same file can be fetched again.
 */
@Controller
@RequiredArgsConstructor
class DeskCreditAssignmentPage {

    private final CreditAssignments assignments;
    private final Systems systems;
    private final TransactionTemplate tx;

    @GetMapping("/desk/credit-assignments/{id}")
    String page(@PathVariable String id, Model model) {
        CreditAssignment assignment = assignments.get(id);
        model.addAttribute("assignment", assignment);
        model.addAttribute("system", systems.get(assignment.systemId()));
        return "desk/credit-assignment";
    }

    @PostMapping("/desk/credit-assignments/{id}/download")
    ResponseEntity<String> download(@PathVariable String id) {
        return file(id, tx.execute(s -> assignments.download(id, Actors.current())));
    }

    @GetMapping("/desk/credit-assignments/{id}/credit-file")
    ResponseEntity<String> again(@PathVariable String id) {
        return file(id, assignments.servedCreditFile(id));
    }

    private static ResponseEntity<String> file(String id, String compact) {
        return ResponseEntity.ok().contentType(CreditAssignmentController.JWT)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"credits-" + id + ".jwt\"")
                .body(compact);
    }
}
