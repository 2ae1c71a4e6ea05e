package io.grantflow.shared;

import io.grantflow.protocol.GrantflowException;
import java.util.Map;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a desk page's action answered, carried across its redirect (post, redirect, get) and shown by the page's
 * {@code desk/fragments :: answer}: a refusal in words with its stable code, or what was done.
 */
public final class DeskAnswers {

    private DeskAnswers() {
    }

    public static void refused(RedirectAttributes redirect, GrantflowException refusal) {
        redirect.addFlashAttribute("refusal", Map.of("code", refusal.code(), "detail", refusal.getMessage()));
    }

    public static void done(RedirectAttributes redirect, String what) {
        redirect.addFlashAttribute("done", what);
    }

    /** A file the action issued, which the next page fetches at once (the page itself stays, and is fresh). */
    public static void downloadNow(RedirectAttributes redirect, String path) {
        redirect.addFlashAttribute("downloadNow", path);
    }
}
