package io.grantflow.activation;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import java.time.Clock;
import io.grantflow.shared.HumanText;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The desk's license page: its printer seats (total, allocated, in flight, available), its remote activations (each
 * linked to its page, with a warning when it expires soon) and <em>Add new</em>, a
 * remote activation for an installation and its public key (pasted or as its file). The same rules as the API's
 * start apply (its request constraints, then the seat and key rules); a refusal is shown with its code and
 * nothing is added.
 */
@Controller
@RequiredArgsConstructor
class DeskLicensePage {

    private final Licenses licenses;
    private final RemoteActivations activations;
    private final DeskAddForm addForm;
    private final Clock clock;

    @GetMapping("/desk/licenses/{id}")
    String page(@PathVariable String id, Model model) {
        License license = licenses.get(id);
        model.addAttribute("license", license);
        model.addAttribute("accountId", license.accountId());
        model.addAttribute("expires", HumanText.relativeDay(license.expiresAt(), clock.instant()));
        model.addAttribute("activations", activations.ofLicense(id).stream()
                .map(a -> new ActivationRow(a, HumanText.relativeDay(a.expiresAt(), clock.instant()),
                        activations.expiresSoon(a) ? HumanText.expiryWarning(a.expiresAt(), clock.instant()) : null))
                .toList());
        return "desk/license";
    }

    /** One line of the license's activations: its expiry in words, and the warning the clock gives it (or null). */
    record ActivationRow(RemoteActivation activation, String expires, String expiryWarning) {
    }

    @PostMapping("/desk/licenses/{id}/remote-activations")
    String add(@PathVariable String id, @RequestParam(defaultValue = "") String installationId,
            @RequestParam(defaultValue = "") String installationKey, @RequestParam(required = false) MultipartFile keyFile,
            @RequestParam(defaultValue = "") String seats, @RequestParam(defaultValue = "") String expiresOn,
            RedirectAttributes redirect) {
        licenses.get(id);
        try {
            RemoteActivations.Started started = addForm.add(id, installationId, installationKey, keyFile, seats, expiresOn);
            redirect.addFlashAttribute("added", true);
            return "redirect:/desk/activations/" + started.activationId();
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            redirect.addFlashAttribute("entered", Map.of("installationId", installationId, "seats", seats, "expiresOn", expiresOn));
            return "redirect:/desk/licenses/" + id;
        }
    }
}
