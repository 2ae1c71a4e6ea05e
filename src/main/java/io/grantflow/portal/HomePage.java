package io.grantflow.portal;

import lombok.RequiredArgsConstructor;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page at {@code /}, for whoever is signed in ({@link Home} decides what it shows). */
@Controller
@RequiredArgsConstructor
class HomePage {

    private final Home home;

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("home", home.of(SecurityContextHolder.getContext().getAuthentication()));
        return "portal/home";
    }
}
