package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.HumanText;
import io.grantflow.shared.DeskAnswers;
import io.grantflow.shared.DeskForms;
import io.grantflow.tokens.TokenRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The desk's hand-over page of a remote activation, in the operator's Tasklist login: the installation, its seats and
 * pending update, its newest remote connection token (of the add or of the update) as a file and as a QR code for a
 * phone, and the upload of the installation's receipt. A refused receipt is shown on the page with its code and
 * changes nothing.
 */
@Controller
@RequiredArgsConstructor
class DeskActivationPage {

    private final ActivationUpdates updates;
    private final RemoteActivations activations;
    private final ActivationReceipts receipts;
    private final ActivationDisconnectProofs disconnectProofs;
    private final TokenRecords tokens;
    private final ReductionConfirmationNotice confirmation;
    private final Licenses licenses;
    private final java.time.Clock clock;

    @GetMapping("/desk/activations/{id}")
    String page(@PathVariable String id, Model model) {
        RemoteActivation activation = activations.get(id);
        ActivationUpdate update = activation.pendingUpdateId() == null ? null : updates.get(activation.pendingUpdateId());
        model.addAttribute("activation", activation);
        model.addAttribute("accountId", licenses.get(activation.licenseId()).accountId());
        model.addAttribute("update", update);
        model.addAttribute("confirmation", confirmation.of(update, EngineUser.current()));
        model.addAttribute("tokenReady", connectionToken(activation) != null);
        model.addAttribute("tokenHeldBack", activation.state().live() && update != null && !newestIsOffered(activation));
        model.addAttribute("applied", activation.connectionTokenApplied());
        model.addAttribute("awaitsDisconnectProof", activation.awaitsDisconnectProof());
        model.addAttribute("live", activation.state().live());
        model.addAttribute("expires", HumanText.relativeDay(activation.expiresAt(), clock.instant()));
        model.addAttribute("expiryWarning", activations.expiresSoon(activation)
                ? HumanText.expiryWarning(activation.expiresAt(), clock.instant()) : null);
        return "desk/activation";
    }

    /** The newest connection token as the file the installation imports. */
    @GetMapping("/desk/activations/{id}/connection-token")
    ResponseEntity<String> connectionTokenFile(@PathVariable String id) {
        RemoteActivation activation = activations.get(id);
        activation.requireTokensServed();
        requireNoUpdateBefore(activation);
        return RemoteActivationController.jwt(activation.currentConnectionJti(), tokens, activation.id());
    }

    /** The same token as a QR code, for a phone that carries it to the installation. */
    @GetMapping(path = "/desk/activations/{id}/connection-token.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> connectionTokenQr(@PathVariable String id) throws IOException {
        RemoteActivation activation = activations.get(id);
        activation.requireTokensServed();
        requireNoUpdateBefore(activation);
        String token = connectionToken(activation);
        if (token == null) {
            throw Refusal.NOT_READY.exception("No connection token has been issued yet");
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(qr(token));
    }

    /** The installation's receipt, pasted or as its file; the answer comes back to the page (post, redirect, get). */
    @PostMapping("/desk/activations/{id}/receipt")
    String receipt(@PathVariable String id, @RequestParam(required = false) String receipt,
            @RequestParam(required = false) MultipartFile file, RedirectAttributes redirect) {
        RemoteActivation activation = activations.get(id);
        String compact = DeskForms.fileOrText(file, receipt);
        if (compact == null || compact.isBlank()) {
            DeskAnswers.refused(redirect, Refusal.INVALID_REQUEST.exception("Paste the receipt or choose its file"));
            return "redirect:/desk/activations/" + id;
        }
        try {
            EngineUser.keepingCodes(() -> receipts.receive(activation.id(), null, compact.strip()));
            redirect.addFlashAttribute("accepted", true);
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/activations/" + id;
    }

    /** The installation's disconnect proof (pasted or its file): frees the seats in flight; a refused one changes nothing. */
    @PostMapping("/desk/activations/{id}/disconnect-proof")
    String disconnectProof(@PathVariable String id, @RequestParam(required = false) String disconnectProof,
            @RequestParam(required = false) MultipartFile file, RedirectAttributes redirect) {
        RemoteActivation activation = activations.get(id);
        String compact = DeskForms.fileOrText(file, disconnectProof);
        try {
            if (compact == null || compact.isBlank()) {
                throw Refusal.INVALID_REQUEST.exception("Paste the disconnect proof or choose its file");
            }
            ActivationDisconnectProofs.Accepted accepted = EngineUser.keepingCodes(
                    () -> disconnectProofs.receive(activation.id(), null, compact.strip()));
            DeskAnswers.done(redirect, "Disconnect proof accepted: " + accepted.seatsReleased() + " seats went back to the license");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/activations/" + id;
    }

    /**
     * The installation's update token (pasted or its file), from Update Remote Activation: starts the update and leads
     * to its configuration; a refusal is shown on Update Remote Activation and starts nothing.
     */
    @PostMapping("/desk/activations/{id}/updates")
    String update(@PathVariable String id, @RequestParam(required = false) String updateToken,
            @RequestParam(required = false) MultipartFile file, RedirectAttributes redirect) {
        activations.get(id);
        String compact = DeskForms.fileOrText(file, updateToken);
        try {
            if (compact == null || compact.isBlank()) {
                throw Refusal.INVALID_REQUEST.exception("Paste the update token or choose its file");
            }
            ActivationUpdates.Started started = EngineUser.keepingCodes(() -> updates.start(compact.strip(), EngineUser.current()));
            // the token, not the page, decides which activation is updated
            DeskAnswers.done(redirect, started.activationId().equals(id)
                    ? "Update started: configure its printer seats below (operators may also use Tasklist: Configure printer seats)"
                    : "The update token is of " + started.activationId() + ": its update started there; configure its printer seats below");
            return "redirect:/desk/updates/" + started.updateId();
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
            return "redirect:/desk/activations/" + id + "/update";
        }
    }

    /** Disconnect asks first, saying what happens to the seats; the button posts the disconnect. */
    @GetMapping("/desk/activations/{id}/disconnect")
    String confirmDisconnect(@PathVariable String id, Model model) {
        RemoteActivation activation = activations.get(id);
        model.addAttribute("activation", activation);
        model.addAttribute("accountId", licenses.get(activation.licenseId()).accountId());
        model.addAttribute("applied", activation.appliedConnectionJti() != null);
        model.addAttribute("live", activation.state().live());
        return "desk/disconnect";
    }

    /** Disconnect (operators only): the seats go back at once, or wait in flight for the installation's disconnect proof. */
    @PostMapping("/desk/activations/{id}/disconnect")
    String disconnect(@PathVariable String id, RedirectAttributes redirect) {
        activations.get(id);
        try {
            EngineUser.keepingCodes(() -> activations.startDisconnect(id, EngineUser.current()));
            DeskAnswers.done(redirect, activations.get(id).awaitsDisconnectProof()
                    ? "Disconnect started: the seats stay in flight until the installation's disconnect proof (or their expiry)"
                    : "Disconnect started: the seats go back to the license");
        } catch (GrantflowException refused) {
            DeskAnswers.refused(redirect, refused);
        }
        return "redirect:/desk/activations/" + id;
    }

    /**
     * Only a live activation's: a disconnected or expired one's token is never handed out again, nor the old one while
     * an update waits for its own.
     */
    private String connectionToken(RemoteActivation activation) {
        return !activation.state().live() || activation.currentConnectionJti() == null || !newestIsOffered(activation)
                ? null : tokens.compact(activation.currentConnectionJti()).orElse(null);
    }

    /** No open update, or the open update's own token is the newest. */
    private boolean newestIsOffered(RemoteActivation activation) {
        return activation.pendingUpdateId() == null
                || Objects.equals(updates.get(activation.pendingUpdateId()).connectionJti(), activation.currentConnectionJti());
    }

    private void requireNoUpdateBefore(RemoteActivation activation) {
        if (!newestIsOffered(activation)) {
            throw Refusal.NOT_READY.exception("Remote activation " + activation.id() + " has an update waiting for its new connection token;"
                    + " the old one is not handed out meanwhile");
        }
    }

    static byte[] qr(String text) throws IOException {
        try {
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 480, 480,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (WriterException e) {
            throw new IOException("The token does not fit a QR code", e);
        }
    }
}
