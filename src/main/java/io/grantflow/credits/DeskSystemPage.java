package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.DeskForms;
import java.time.Instant;
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
 * The desk's HOME system page: its label and online status, the credits assigned to it with their Downloaded
 * column, and <em>Add credits</em>: a subscription of its account (active ones to choose, cancelled-but-running ones
 * with their warning, inactive ones listed but not selectable), the number of credits, auto revoke off (permanent)
 * or on a date (temporary). The start runs the API's rules in one transaction; a refusal is shown with its code.
 */
@Controller
@RequiredArgsConstructor
class DeskSystemPage {

    private final Systems systems;
    private final Subscriptions subscriptions;
    private final CreditAssignments assignments;

    @GetMapping("/desk/systems/{id}")
    String page(@PathVariable String id, Model model) {
        HomeSystem system = systems.get(id);
        model.addAttribute("system", system);
        model.addAttribute("online", systems.isOnline(system));
        model.addAttribute("assignments", assignments.forSystem(id));
        model.addAttribute("subscriptions", subscriptions.ofAccount(system.accountId()));
        return "desk/system";
    }

    @PostMapping("/desk/systems/{id}/credit-assignments")
    String assign(@PathVariable String id, @RequestParam(defaultValue = "") String subscriptionId,
            @RequestParam(defaultValue = "") String credits, @RequestParam(defaultValue = "") String autoRevokeOn,
            RedirectAttributes redirect) {
        systems.get(id);
        try {
            Long amount = DeskForms.wholeNumber(credits, "credits");
            Instant autoRevokeAt = DeskForms.day(autoRevokeOn, "autoRevokeOn");
            if (amount == null) {
                throw Refusal.INVALID_REQUEST.exception("credits: must not be null");
            }
            if (subscriptionId.isBlank()) {
                throw Refusal.INVALID_REQUEST.exception("Choose a subscription");
            }
            CreditAssignments.Started started = assignments.start(id, subscriptionId, amount, autoRevokeAt, Actors.current());
            DeskAnswers.done(redirect, "Credits added" + (started.warning() == null ? "" : ": " + started.warning()));
            return "redirect:/desk/credit-assignments/" + started.assignmentId();
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            return "redirect:/desk/systems/" + id;
        }
    }
}
