package io.grantflow.shared;

import io.grantflow.protocol.GrantflowException;
import java.util.Map;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a desk page's action answered, carried across its redirect (post, redirect, get) and shown by the page's
 * {@code desk/fragments :: answer}: a refusal in words (its title, its detail) with its stable code small beside,
 * or what was done.
 */
public final class DeskAnswers {

    private DeskAnswers() {
    }

    public static void refused(RedirectAttributes redirect, GrantflowException refusal) {
        redirect.addFlashAttribute("refusal", shown(refusal));
    }

    /** The refusal as the page says it: the catalogue's title as a sentence, the detail with its times in words, the code. */
    public static Map<String, String> shown(GrantflowException refusal) {
        String title = refusal.refusal() == null ? "Not done" : refusal.refusal().title();
        String detail = refusal.getMessage() == null ? "" : HumanText.words(refusal.getMessage());
        return Map.of("code", refusal.code(), "title", title, "detail", detail);
    }

    public static void done(RedirectAttributes redirect, String what) {
        redirect.addFlashAttribute("done", what);
    }

    /** A file the action issued, which the next page fetches at once (the page itself stays, and is fresh). */
    public static void downloadNow(RedirectAttributes redirect, String path) {
        redirect.addFlashAttribute("downloadNow", path);
    }
}
