package io.grantflow.credits;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The desk's hand-over page of a credit assignment, in the operator's Tasklist login: the assignment, its HOME
 * system and subscription, and the credit file for an offline system. Downloading issues the file and marks the
 * assignment downloaded (a write: a form with Spring's CSRF token), then the page fetches it; the same file can be
 * fetched again. Revoke:
 * a file never handed out comes back at once, a downloaded one needs the revoke key the system prints, pasted here;
 * refusals are shown on the page with their code.
 */
@Controller
@RequiredArgsConstructor
class DeskCreditAssignmentPage {

    private final CreditAssignments assignments;
    private final Systems systems;
    private final CreditRevocations revocations;

    @GetMapping("/desk/credit-assignments/{id}")
    String page(@PathVariable String id, Model model) {
        CreditAssignment assignment = assignments.get(id);
        model.addAttribute("assignment", assignment);
        model.addAttribute("system", systems.get(assignment.systemId()));
        model.addAttribute("revocable", !assignment.state().isFinal() && assignment.state() != AssignmentState.REVOKING);
        model.addAttribute("revokeStatus", revocations.waitingFor(assignment));
        return "desk/credit-assignment";
    }

    /** Revoke: a file never handed out comes back at once; a downloaded one waits for the system's revoke key. */
    @PostMapping("/desk/credit-assignments/{id}/revoke")
    String revoke(@PathVariable String id, RedirectAttributes redirect) {
        try {
            CreditRevocations.Started started = revocations.start(id, Actors.current());
            DeskAnswers.done(redirect, started.status() == CreditRevocations.Status.RETURNED
                    ? "Revoked: the file never left Grantflow, the credits are back in the subscription"
                    : "Revoke started: it waits for the HOME system's revoke key");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/credit-assignments/" + id;
    }

    /**
     * The revoke key the offline system printed; a refused key is shown with its code, changes nothing, and is told in
     * the assignment's timeline.
     */
    @PostMapping("/desk/credit-assignments/{id}/revoke-key")
    String revokeKey(@PathVariable String id, @RequestParam(required = false) String revokeKey, RedirectAttributes redirect) {
        try {
            String key = revokeKey == null ? "" : revokeKey.strip();
            revocations.enterRevokeKey(id, key, Actors.current());
            DeskAnswers.done(redirect, "Revoked: the revoke key verified, the credits are back in the subscription");
        } catch (GrantflowException refused) {
            revocations.refusedAtDesk(id, Actors.current(), refused);
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/credit-assignments/" + id;
    }

    /**
     * Issues the file, then back to the page (post, redirect, get), which fetches it at once: the page shows it
     * downloaded instead of a stale "Download" button, and a refusal is shown there instead of a problem document.
     */
    @PostMapping("/desk/credit-assignments/{id}/download")
    String download(@PathVariable String id, RedirectAttributes redirect) {
        try {
            assignments.download(id, Actors.current());
            DeskAnswers.done(redirect, "Credit file issued: it downloads now; hand it to the HOME system");
            DeskAnswers.downloadNow(redirect, "/desk/credit-assignments/" + id + "/credit-file");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/credit-assignments/" + id;
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
