package io.grantflow.credits;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.account.Accounts;
import io.grantflow.credits.SystemController.LinkSystem;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.DeskForms;
import jakarta.validation.Validator;
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
 * The desk's Systems page of an account: its HOME systems with their online status beside their labels (another
 * account's page answers 404 to a customer, as a missing one), and <em>Link a HOME system</em> with its public key (pasted or its file), under the API's rules in one transaction.
 */
@Controller
@RequiredArgsConstructor
class DeskSystemsPage {

    private final Systems systems;
    private final Accounts accounts;
    private final Validator validator;
    private final ObjectMapper json;

    @GetMapping("/desk/accounts/{accountId}/systems")
    String page(@PathVariable String accountId, Model model) {
        // an account the caller may not see answers as one that does not exist
        if (!accounts.exists(accountId)) {
            throw GrantflowException.notFound("Account", accountId);
        }
        model.addAttribute("accountId", accountId);
        model.addAttribute("systems", systems.ofAccount(accountId).stream()
                .map(s -> Map.of("system", s, "online", systems.isOnline(s))).toList());
        return "desk/systems";
    }

    @PostMapping("/desk/accounts/{accountId}/systems")
    String link(@PathVariable String accountId, @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String systemKey, @RequestParam(required = false) MultipartFile keyFile,
            RedirectAttributes redirect) {
        try {
            LinkSystem body = DeskForms.valid(validator, new LinkSystem(accountId, label.strip(),
                    DeskForms.json(json, DeskForms.fileOrText(keyFile, systemKey), "The system's public key")));
            String id = systems.link(body.accountId(), body.label(), body.systemKey());
            DeskAnswers.done(redirect, "Linked: the system calls in with the key it was linked with");
            return "redirect:/desk/systems/" + id;
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            return "redirect:/desk/accounts/" + accountId + "/systems";
        }
    }
}
