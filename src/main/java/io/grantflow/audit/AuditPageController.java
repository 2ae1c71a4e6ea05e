package io.grantflow.audit;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The auditor's page lives at {@code /audit/} (auditors only, see SecurityConfig). */
@Controller
class AuditPageController {

    @GetMapping({"/audit", "/audit/"})
    String page() {
        return "forward:/audit/index.html";
    }
}
