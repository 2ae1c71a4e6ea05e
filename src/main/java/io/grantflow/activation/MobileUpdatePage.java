package io.grantflow.activation;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /m/update}: the public page an installation's QR code opens. The token travels in the URL fragment,
 * so it never reaches a server log; the page posts it with the operator's login.
 */
@Controller
class MobileUpdatePage {

    private static final Resource PAGE = new ClassPathResource("static/m/update.html");

    @GetMapping(path = "/m/update", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
                .header("Referrer-Policy", "no-referrer")
                .body(PAGE);
    }
}
