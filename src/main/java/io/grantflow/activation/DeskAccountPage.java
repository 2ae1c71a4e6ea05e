package io.grantflow.activation;

import io.grantflow.account.Accounts;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.HumanText;
import io.grantflow.shared.DeskAnswers;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An account's pages of the remote-activation journey: Account information (its licenses and the Remote Activations
 * section), Manage Activations (each activation's state, seats and expiry in words, the 30-day warning, and what waits
 * for someone: Update, Disconnect, a reduction to approve) and Add new. A customer sees its own account only; another
 * account answers as a missing one.
 */
@Controller
@RequiredArgsConstructor
class DeskAccountPage {

    /** The newest this many of an account's licenses and activations are listed (a license narrows the list). */
    static final int SHOWN = 50;

    private final Accounts accounts;
    private final Licenses licenses;
    private final RemoteActivations activations;
    private final ActivationUpdates updates;
    private final DeskAddForm addForm;
    private final Clock clock;

    /** One line of Manage Activations: the activation, its expiry in words, its warning, its open update. */
    record Row(RemoteActivation activation, String expires, String expiryWarning, ActivationUpdate update, boolean approvable) {
    }

    /** One license in the Remote Activations section. */
    record LicenseRow(License license, String expires) {
    }

    @GetMapping("/desk/accounts/{accountId}")
    String account(@PathVariable String accountId, Model model) {
        model.addAttribute("accountId", accountId);
        model.addAttribute("accountName", name(accountId));
        List<License> own = licenses.newestOfAccount(accountId, SHOWN);
        model.addAttribute("licenses", own.stream().map(l -> new LicenseRow(l, HumanText.relativeDay(l.expiresAt(), clock.instant()))).toList());
        List<Row> rows = rows(accountId, null);
        model.addAttribute("activeCount", rows.stream().filter(r -> r.activation().state().live()).count());
        model.addAttribute("warnings", rows.stream().filter(r -> r.expiryWarning() != null).count());
        model.addAttribute("approvals", rows.stream().filter(Row::approvable).count());
        model.addAttribute("shown", SHOWN);
        return "desk/account";
    }

    @GetMapping("/desk/accounts/{accountId}/activations")
    String manage(@PathVariable String accountId, @RequestParam(required = false) String license, Model model) {
        model.addAttribute("accountId", accountId);
        model.addAttribute("accountName", name(accountId));
        String licenseId = null;
        if (license != null && !license.isBlank()) {
            License chosen = licenses.get(license.strip());
            if (!chosen.accountId().equals(accountId)) {
                throw GrantflowException.notFound("License", chosen.id());
            }
            licenseId = chosen.id();
        }
        model.addAttribute("licenseId", licenseId);
        model.addAttribute("rows", rows(accountId, licenseId));
        return "desk/activations";
    }

    @GetMapping("/desk/accounts/{accountId}/activations/new")
    String addForm(@PathVariable String accountId, @RequestParam(required = false) String license, Model model) {
        model.addAttribute("accountId", accountId);
        model.addAttribute("accountName", name(accountId));
        model.addAttribute("licenses", licenses.newestOfAccount(accountId, SHOWN));
        if (!model.containsAttribute("entered")) {
            model.addAttribute("entered", Map.of("license", license == null ? "" : license, "installationId", "", "seats", "", "expiresOn", ""));
        }
        return "desk/activation-new";
    }

    /** Add new: the license's seats and the installation's key, checked as the API's start checks them; a refusal adds nothing. */
    @PostMapping("/desk/accounts/{accountId}/activations")
    String add(@PathVariable String accountId, @RequestParam(defaultValue = "") String license,
            @RequestParam(defaultValue = "") String installationId, @RequestParam(defaultValue = "") String installationKey,
            @RequestParam(required = false) MultipartFile keyFile, @RequestParam(defaultValue = "") String seats,
            @RequestParam(defaultValue = "") String expiresOn, RedirectAttributes redirect) {
        name(accountId);
        try {
            License chosen = licenses.find(license.strip()).filter(l -> l.accountId().equals(accountId))
                    .orElseThrow(() -> Refusal.INVALID_REQUEST.exception("Choose one of the account's licenses"));
            RemoteActivations.Started started = addForm.add(chosen.id(), installationId, installationKey, keyFile, seats, expiresOn);
            redirect.addFlashAttribute("added", true);
            return "redirect:/desk/activations/" + started.activationId();
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            redirect.addFlashAttribute("entered", Map.of("license", license, "installationId", installationId, "seats", seats,
                    "expiresOn", expiresOn));
            return "redirect:/desk/accounts/" + accountId + "/activations/new";
        }
    }

    private List<Row> rows(String accountId, @Nullable String licenseId) {
        String viewer = EngineUser.current();
        return activations.newestOfAccount(accountId, licenseId, SHOWN).stream().map(a -> {
            ActivationUpdate u = a.pendingUpdateId() == null ? null : updates.get(a.pendingUpdateId());
            boolean approvable = u != null && u.status() == UpdateStatus.AWAITING_REDUCTION_APPROVAL
                    && viewer != null && !viewer.equals(u.configuredBy());
            return new Row(a, HumanText.relativeDay(a.expiresAt(), clock.instant()),
                    activations.expiresSoon(a) ? HumanText.expiryWarning(a.expiresAt(), clock.instant()) : null, u, approvable);
        }).toList();
    }

    /** The account's name; another account's pages answer as a missing account's. */
    private String name(String accountId) {
        return accounts.name(accountId).orElseThrow(() -> GrantflowException.notFound("Account", accountId));
    }
}
