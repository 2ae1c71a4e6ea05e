package io.grantflow.activation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.activation.ActivationRequests.AddActivation;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.DeskAnswers;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The desk's license page: its printer seats (total, allocated, in flight, available) and <em>Add new</em>, a
 * remote activation for an installation and its public key (pasted or as its file). The same rules as the API's
 * start apply (its request constraints, then the seat and key rules); a refusal is shown with its code and
 * nothing is added.
 */
@Controller
@RequiredArgsConstructor
class DeskLicensePage {

    private final Licenses licenses;
    private final RemoteActivations activations;
    private final Validator validator;
    private final ObjectMapper json;
    private final TransactionTemplate tx;

    @GetMapping("/desk/licenses/{id}")
    String page(@PathVariable String id, Model model) {
        model.addAttribute("license", licenses.get(id));
        return "desk/license";
    }

    @PostMapping("/desk/licenses/{id}/remote-activations")
    String add(@PathVariable String id, @RequestParam(defaultValue = "") String installationId,
            @RequestParam(defaultValue = "") String installationKey, @RequestParam(required = false) MultipartFile keyFile,
            @RequestParam(defaultValue = "") String seats, @RequestParam(defaultValue = "") String expiresOn,
            RedirectAttributes redirect) throws IOException {
        licenses.get(id);
        try {
            String keyText = keyFile != null && !keyFile.isEmpty() ? new String(keyFile.getBytes(), StandardCharsets.UTF_8) : installationKey;
            AddActivation body = new AddActivation(installationId.strip(), key(keyText), number(seats), day(expiresOn));
            var violations = validator.validate(body);
            if (!violations.isEmpty()) {
                throw GrantflowException.badRequest("invalid-request", violations.stream()
                        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                        .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
            }
            // one transaction, as the API's start runs in: a refusal leaves no key, hold or flow behind
            RemoteActivations.Started started = EngineUser.keepingCodes(() -> tx.execute(s -> activations.add(id, body.installationId(),
                    body.installationKey(), body.seats(), body.expiresAt(), EngineUser.current())));
            redirect.addFlashAttribute("added", true);
            return "redirect:/desk/activations/" + started.activationId();
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            redirect.addFlashAttribute("entered", Map.of("installationId", installationId, "seats", seats, "expiresOn", expiresOn));
            return "redirect:/desk/licenses/" + id;
        }
    }

    private Map<String, Object> key(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw GrantflowException.badRequest("invalid-key", "The installation's public key is not a JSON Web Key (a JSON object)");
        }
    }

    private static Long number(String text) {
        try {
            return text.isBlank() ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw GrantflowException.badRequest("invalid-request", "seats must be a whole number");
        }
    }

    private static java.time.Instant day(String text) {
        try {
            return text.isBlank() ? null : LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw GrantflowException.badRequest("invalid-request", "expiresOn must be a date (YYYY-MM-DD)");
        }
    }
}
