package io.grantflow.activation;

import io.grantflow.shared.Paging;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/licenses")
class LicenseController {

    private final Licenses licenses;

    LicenseController(Licenses licenses) {
        this.licenses = licenses;
    }

    @GetMapping
    Paging.Page<License> list(
            @Parameter(description = Paging.ACCOUNT_DOC) @RequestParam(required = false) String accountId,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        return licenses.list(accountId, Paging.request(http.getParameterMap(), Set.of("accountId"), limit, cursor));
    }

    @GetMapping("/{id}")
    License get(@PathVariable String id) {
        return licenses.get(id);
    }
}
