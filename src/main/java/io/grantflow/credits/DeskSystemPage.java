package io.grantflow.credits;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.DeskForms;
import io.grantflow.shared.HumanText;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The desk's HOME system details and its Add Credits dialog, as in the source product: the system's label with its
 * online status, "&lt; Systems", its credits with the Downloaded tick, and <em>Add</em>, which opens the dialog as
 * pages of their own (no script needed, a phone fits them): step 1 the account's subscriptions as radio buttons
 * (inactive or used-up ones listed, not selectable; a cancelled one with its warning in words), <em>Next</em>, step 2
 * the credits remaining and the type, the number, <em>Auto Revoke</em> as an option with its date, and
 * <em>Add Credits</em>, which runs the API's rules in one transaction and comes back to the system with the new
 * credits listed. A refusal is shown in the dialog in words, with its code beside, and assigns nothing.
 */
@Controller
@RequiredArgsConstructor
class DeskSystemPage {

    private final Systems systems;
    private final Subscriptions subscriptions;
    private final CreditAssignments assignments;
    private final HumanText human;
    private final Clock clock;

    /** One line of the system's credits: the assignment and the subscription it came from, by name. */
    record Row(CreditAssignment assignment, String subscriptionName) {
    }

    @GetMapping("/desk/systems/{id}")
    String page(@PathVariable String id, Model model) {
        HomeSystem system = systems.get(id);
        Map<String, SubscriptionChoice> byId = choices(system).stream()
                .collect(Collectors.toMap(SubscriptionChoice::id, Function.identity()));
        model.addAttribute("system", system);
        model.addAttribute("online", systems.isOnline(system));
        model.addAttribute("rows", assignments.forSystem(id).stream().map(a -> new Row(a,
                byId.containsKey(a.subscriptionId()) ? byId.get(a.subscriptionId()).name() : a.subscriptionId())).toList());
        return "desk/system";
    }

    /** Step 1 of Add Credits: choose the subscription. */
    @GetMapping("/desk/systems/{id}/add-credits")
    String chooseSubscription(@PathVariable String id, @RequestParam(defaultValue = "") String subscriptionId, Model model) {
        return stepOne(systems.get(id), subscriptionId, model);
    }

    /** Step 2 of Add Credits: the credits and Auto Revoke; a subscription that cannot be chosen stays on step 1, said why. */
    @GetMapping("/desk/systems/{id}/add-credits/credits")
    String chooseCredits(@PathVariable String id, @RequestParam(defaultValue = "") String subscriptionId, Model model) {
        HomeSystem system = systems.get(id);
        SubscriptionChoice chosen;
        try {
            chosen = chosen(system, subscriptionId);
        } catch (GrantflowException refused) {
            model.addAttribute("refusal", DeskAnswers.shown(refused));
            return stepOne(system, subscriptionId, model);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        model.addAttribute("system", system);
        model.addAttribute("chosen", chosen);
        model.addAttribute("firstDay", today.plusDays(1));
        model.addAttribute("lastDay", LocalDate.ofInstant(chosen.subscription().endsAt(), ZoneOffset.UTC));
        return "desk/add-credits-amount";
    }

    @PostMapping("/desk/systems/{id}/credit-assignments")
    String assign(@PathVariable String id, @RequestParam(defaultValue = "") String subscriptionId,
            @RequestParam(defaultValue = "") String credits, @RequestParam(required = false) String autoRevoke,
            @RequestParam(defaultValue = "") String autoRevokeOn, RedirectAttributes redirect) {
        HomeSystem system = systems.get(id);
        try {
            if (subscriptionId.isBlank()) {
                throw Refusal.INVALID_REQUEST.exception("Choose a subscription");
            }
            Long amount = DeskForms.wholeNumber(credits, "Credits");
            if (amount == null) {
                throw Refusal.INVALID_REQUEST.exception("Credits: enter how many credits to add");
            }
            Instant autoRevokeAt = autoRevoke == null ? null : autoRevokeDay(autoRevokeOn);
            CreditAssignments.Started started = assignments.start(id, subscriptionId, amount, autoRevokeAt, Actors.current());
            SubscriptionChoice from = SubscriptionChoice.of(subscriptions.get(subscriptionId), human, clock.instant());
            DeskAnswers.done(redirect, "Added " + amount + (amount == 1 ? " credit" : " credits") + " from " + from.name()
                    + " to " + system.label() + (autoRevokeAt == null ? "" : ", revoked automatically on " + HumanText.day(autoRevokeAt))
                    + (from.warning() == null ? "." : ". " + from.warning() + "."));
            redirect.addFlashAttribute("added", started.assignmentId());
            return "redirect:/desk/systems/" + id;
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, inTheDialogsWords(refused));
            redirect.addFlashAttribute("credits", credits);
            redirect.addFlashAttribute("autoRevoke", autoRevoke != null);
            redirect.addFlashAttribute("autoRevokeOn", autoRevokeOn);
            return "redirect:" + UriComponentsBuilder.fromPath("/desk/systems/{id}/add-credits" + (subscriptionId.isBlank() ? "" : "/credits"))
                    .queryParamIfPresent("subscriptionId", java.util.Optional.of(subscriptionId).filter(s -> !s.isBlank()))
                    .buildAndExpand(id).encode().toUriString();
        }
    }

    private String stepOne(HomeSystem system, String subscriptionId, Model model) {
        model.addAttribute("system", system);
        model.addAttribute("choices", choices(system));
        model.addAttribute("selected", subscriptionId);
        return "desk/add-credits";
    }

    private List<SubscriptionChoice> choices(HomeSystem system) {
        Instant now = clock.instant();
        return subscriptions.ofAccount(system.accountId()).stream().map(s -> SubscriptionChoice.of(s, human, now)).toList();
    }

    /** The subscription chosen in step 1: one of the system's account, and one credits can be added from. */
    private SubscriptionChoice chosen(HomeSystem system, String subscriptionId) {
        if (subscriptionId.isBlank()) {
            throw Refusal.INVALID_REQUEST.exception("Choose a subscription, then Next");
        }
        SubscriptionChoice choice = choices(system).stream().filter(c -> c.id().equals(subscriptionId)).findFirst()
                .orElseThrow(() -> GrantflowException.notFound("Subscription", subscriptionId));
        if (!choice.selectable()) {
            throw Refusal.SUBSCRIPTION_NOT_ACTIVE.exception(choice.name() + " cannot be chosen: " + choice.unavailable());
        }
        return choice;
    }

    /** The API's rules name its JSON field; the dialog names its option. */
    private static GrantflowException inTheDialogsWords(GrantflowException refused) {
        String detail = refused.getMessage();
        if (refused.refusal() == null || detail == null || !detail.contains("autoRevokeAt")) {
            return refused;
        }
        return new GrantflowException(refused.refusal(), refused.status(), detail.replace("autoRevokeAt", "Auto Revoke"));
    }

    /** Auto Revoke's day: the credits return at its start (UTC), so it must be a day after today. */
    private Instant autoRevokeDay(String day) {
        Instant at = DeskForms.day(day, "Auto Revoke");
        if (at == null) {
            throw Refusal.INVALID_REQUEST.exception("Auto Revoke: choose the day the credits return, or untick Auto Revoke");
        }
        if (!at.isAfter(clock.instant())) {
            throw Refusal.INVALID_REQUEST.exception("Auto Revoke: the day must be after today");
        }
        return at;
    }
}
