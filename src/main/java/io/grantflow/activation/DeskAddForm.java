package io.grantflow.activation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.activation.ActivationRequests.AddActivation;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.DeskForms;
import jakarta.validation.Validator;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * "Add new" as the desk's forms submit it (the license page, the account's Manage Activations): the API's request
 * constraints, then the same start as the API, in one transaction; a refusal leaves no key, hold or flow behind.
 */
@Component
@RequiredArgsConstructor
class DeskAddForm {

    private final RemoteActivations activations;
    private final Validator validator;
    private final ObjectMapper json;

    RemoteActivations.Started add(String licenseId, String installationId, String installationKey, MultipartFile keyFile,
            String seats, String expiresOn) {
        AddActivation body = DeskForms.valid(validator, new AddActivation(installationId.strip(),
                key(DeskForms.fileOrText(keyFile, installationKey)), DeskForms.wholeNumber(seats, "seats"),
                DeskForms.day(expiresOn, "expiresOn")));
        return EngineUser.keepingCodes(() -> activations.add(licenseId, body.installationId(),
                body.installationKey(), body.seats(), body.expiresAt(), EngineUser.current()));
    }

    /** The API takes the installation's key as a JSON object; anything else is no key. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> key(String text) {
        Object key = DeskForms.json(json, text, "The installation's public key");
        if (key != null && !(key instanceof Map)) {
            throw Refusal.INVALID_KEY.exception("The installation's public key is not a JSON Web Key (a JSON object)");
        }
        return (Map<String, Object>) key;
    }
}
