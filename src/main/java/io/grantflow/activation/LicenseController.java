package io.grantflow.activation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/licenses")
class LicenseController {

    private final Licenses licenses;

    LicenseController(Licenses licenses) {
        this.licenses = licenses;
    }

    @GetMapping("/{id}")
    License get(@PathVariable String id) {
        return licenses.get(id);
    }
}
