package io.grantflow.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The auditor's page lives at {@code /audit/} (auditors only, see SecurityConfig). */
@Controller
class AuditPageController {

    @GetMapping("/audit/")
    String page() {
        return "forward:/audit/index.html";
    }

    /** The page's own files sit beside it: {@code /audit} without the slash would look for them at the root. */
    @GetMapping("/audit")
    String withSlash(HttpServletRequest request) {
        String query = request.getQueryString();
        return "redirect:/audit/" + (query == null ? "" : "?" + query);
    }
}
