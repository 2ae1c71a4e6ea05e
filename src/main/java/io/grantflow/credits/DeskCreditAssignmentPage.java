package io.grantflow.credits;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.HumanText;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.support.RequestContextUtils;
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
 * The desk's page of a credit assignment: the assignment in words, its HOME system and subscription, and the credit
 * file for an offline system only (an online one fetches its credits at its call-in). Downloading issues the file and marks the
 * assignment downloaded (a write: a form with Spring's CSRF token), then the page fetches it; the same file can be
 * fetched again. Revoke:
 * a file never handed out comes back at once, a downloaded one needs the revoke key the system prints, pasted here;
 * refusals are shown on the page in words with their code beside; the file again is offered only while it is served.
 */
@Controller
@RequiredArgsConstructor
class DeskCreditAssignmentPage {

    private final CreditAssignments assignments;
    private final Systems systems;
    private final CreditRevocations revocations;
    private final Subscriptions subscriptions;
    private final HumanText human;
    private final Clock clock;

    @GetMapping("/desk/credit-assignments/{id}")
    String page(@PathVariable String id, Model model) {
        CreditAssignment assignment = assignments.get(id);
        HomeSystem system = systems.get(assignment.systemId());
        Instant now = clock.instant();
        model.addAttribute("assignment", assignment);
        model.addAttribute("system", system);
        model.addAttribute("online", systems.isOnline(system));
        model.addAttribute("subscription", subscriptions.find(assignment.subscriptionId())
                .map(s -> SubscriptionChoice.of(s, human, now).name()).orElse(assignment.subscriptionId()));
        model.addAttribute("downloadable", downloadable(assignment, now));
        model.addAttribute("servable", servable(assignment, now));
        model.addAttribute("finished", assignment.state().isFinal());
        model.addAttribute("noFile", noFile(assignment, systems.isOnline(system), now));
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

    /**
     * The issued file again. A file no longer handed out (revoked, expired) sends the person back to the page, which
     * says why, instead of a download that fails without a word; a missing assignment stays a 404.
     */
    @GetMapping("/desk/credit-assignments/{id}/credit-file")
    ResponseEntity<String> again(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        try {
            return file(id, assignments.servedCreditFile(id));
        } catch (GrantflowException refused) {
            if (refused.status() == 404) {
                throw refused;
            }
            String page = request.getContextPath() + "/desk/credit-assignments/" + id;
            RequestContextUtils.getOutputFlashMap(request).put("refusal", DeskAnswers.shown(refused));
            RequestContextUtils.saveOutputFlashMap(page, request, response);
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(page)).build();
        }
    }

    /** Download is offered while the credits are held, their time not up, and the file not issued yet. */
    private static boolean downloadable(CreditAssignment a, Instant now) {
        return a.state() == AssignmentState.ASSIGNED && !a.downloaded() && a.expiresAt().isAfter(now);
    }

    /** Why no file is offered, in words; null where one is, or where an online system needs none. */
    private static String noFile(CreditAssignment a, boolean online, Instant now) {
        if (downloadable(a, now) || servable(a, now)) {
            return null;
        }
        switch (a.state()) {
            case REVOKING -> {
                return "The credit file is no longer handed out: a revoke is under way.";
            }
            case REVOKED -> {
                return "The credit file is no longer handed out: the credits were revoked.";
            }
            case EXPIRED -> {
                return "The credit file is no longer handed out: the credits expired.";
            }
            default -> {
            }
        }
        return online ? null : "No credit file can be handed out: the credits' time is up.";
    }

    /** The issued file again: only while the assignment holds its credits, as the rules serve it. */
    private static boolean servable(CreditAssignment a, Instant now) {
        return a.downloaded() && a.fileJti() != null && !a.state().isFinal() && a.state() != AssignmentState.REVOKING
                && a.expiresAt().isAfter(now);
    }

    private static ResponseEntity<String> file(String id, String compact) {
        return ResponseEntity.ok().contentType(CreditAssignmentController.JWT)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"credits-" + id + ".jwt\"")
                .body(compact);
    }
}
