package io.grantflow.activation;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.HumanText;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.DeskForms;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An update in the portal: Update Remote Activation (the installation's update token, file or pasted; the form posts to
 * {@link DeskActivationPage}), then Configure Remote Activation (current, available and new seats) whose Save completes
 * the update's "Configure printer seats" task as the signed-in person, through {@link UpdateSteps}: the task's checks
 * and listeners, Validate seats and four-eyes apply as in Tasklist. A reduction asks the person to confirm the warning
 * first, then a second person (another admin of the account, or an operator) approves it here.
 */
@Controller
@RequiredArgsConstructor
class DeskUpdatePage {

    private final RemoteActivations activations;
    private final ActivationUpdates updates;
    private final Licenses licenses;
    private final UpdateSteps steps;
    private final Clock clock;

    /** Update Remote Activation: where the update token is handed in; an open update is shown instead. */
    @GetMapping("/desk/activations/{id}/update")
    String updateToken(@PathVariable String id, Model model) {
        RemoteActivation activation = activations.get(id);
        if (activation.pendingUpdateId() != null) {
            return "redirect:/desk/updates/" + activation.pendingUpdateId();
        }
        model.addAttribute("activation", activation);
        model.addAttribute("accountId", licenses.get(activation.licenseId()).accountId());
        return "desk/update-token";
    }

    /** Configure Remote Activation, and what follows Save: the approval, the new connection token. */
    @GetMapping("/desk/updates/{updateId}")
    String configure(@PathVariable String updateId, Model model) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.get(u.activationId());
        License license = licenses.get(a.licenseId());
        String viewer = EngineUser.current();
        model.addAttribute("update", u);
        model.addAttribute("activation", a);
        model.addAttribute("license", license);
        model.addAttribute("accountId", license.accountId());
        model.addAttribute("expires", HumanText.relativeDay(a.expiresAt(), clock.instant()));
        model.addAttribute("configurable", steps.waitsFor(u, ActivationProcesses.Update.CONFIGURE_SEATS));
        model.addAttribute("approvable", steps.waitsFor(u, ActivationProcesses.Update.CONFIRM_REDUCTION)
                && viewer != null && !viewer.equals(u.configuredBy()));
        model.addAttribute("checking", checking(u));
        model.addAttribute("tokenReady", u.connectionJti() != null && u.connectionJti().equals(a.currentConnectionJti())
                && a.state().live());
        if (!model.containsAttribute("entered")) {
            model.addAttribute("entered", Map.of("seats", "", "expiresOn", LocalDate.ofInstant(a.expiresAt(), ZoneOffset.UTC).toString()));
        }
        return "desk/update";
    }

    /** Between Save and the flow's next wait (Validate seats, Save, the token): nothing to do but wait a moment. */
    private boolean checking(ActivationUpdate u) {
        return (u.status() == UpdateStatus.AWAITING_SEAT_CONFIGURATION && !steps.waitsFor(u, ActivationProcesses.Update.CONFIGURE_SEATS))
                || (u.status() == UpdateStatus.AWAITING_REDUCTION_APPROVAL && !steps.waitsFor(u, ActivationProcesses.Update.CONFIRM_REDUCTION))
                || (u.status() == UpdateStatus.CONNECTION_TOKEN_READY && u.connectionJti() == null);
    }

    /**
     * Save: completes "Configure printer seats" with the new seats. Fewer seats than the installation holds come back
     * first with the warning to confirm; a refusal (over the license, no seats, a bad expiry) is shown and changes nothing.
     */
    @PostMapping("/desk/updates/{updateId}/seats")
    String save(@PathVariable String updateId, @RequestParam(defaultValue = "") String seats,
            @RequestParam(defaultValue = "") String expiresOn, @RequestParam(defaultValue = "") String reductionConfirmed,
            RedirectAttributes redirect) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.get(u.activationId());
        Map<String, String> entered = new HashMap<>(Map.of("seats", seats, "expiresOn", expiresOn));
        try {
            Long wanted = DeskForms.wholeNumber(seats, "seats");
            if (wanted == null) {
                throw Refusal.INVALID_REQUEST.exception("Enter the new number of seats (a whole number)");
            }
            Instant expiresAt = DeskForms.day(expiresOn, "expiresOn");
            if (SeatRules.isReduction(wanted, a.seats()) && !"yes".equals(reductionConfirmed)) {
                redirect.addFlashAttribute("confirmReduction", a.seats() - wanted);
                redirect.addFlashAttribute("entered", entered);
                return "redirect:/desk/updates/" + updateId;
            }
            steps.configureSeats(updateId, wanted, expiresAt);
            DeskAnswers.done(redirect, SeatRules.isReduction(wanted, a.seats())
                    ? "Saved " + wanted + " seats. A reduction needs a second person's approval: another admin of the account or an operator approves it on this page."
                    : "Saved " + wanted + " seats: Grantflow checks them against the license and issues the new connection token.");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            redirect.addFlashAttribute("entered", entered);
        }
        return "redirect:/desk/updates/" + updateId;
    }

    /** The second person's decision on a reduction: the configurer is refused (four-eyes), as in Tasklist. */
    @PostMapping("/desk/updates/{updateId}/approval")
    String approve(@PathVariable String updateId, @RequestParam(defaultValue = "") String approved, RedirectAttributes redirect) {
        updates.get(updateId);
        try {
            if (!approved.equals("yes") && !approved.equals("no")) {
                throw Refusal.INVALID_REQUEST.exception("Approve or refuse the reduction");
            }
            steps.confirmReduction(updateId, approved.equals("yes"));
            DeskAnswers.done(redirect, approved.equals("yes")
                    ? "Reduction approved: Grantflow saves it and issues the new connection token."
                    : "Reduction refused: the activation keeps its seats.");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/updates/" + updateId;
    }
}
