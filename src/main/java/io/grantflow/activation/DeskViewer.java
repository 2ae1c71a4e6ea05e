package io.grantflow.activation;

import io.grantflow.account.CallerAccount;
import lombok.RequiredArgsConstructor;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Who looks at the activation journey's pages: a customer's people are offered no link into the vendor's Tasklist. */
@ControllerAdvice(assignableTypes = {DeskAccountPage.class, DeskActivationPage.class, DeskLicensePage.class, DeskUpdatePage.class})
@RequiredArgsConstructor
class DeskViewer {

    private final CallerAccount caller;

    @ModelAttribute("customer")
    boolean customer() {
        return caller.boundAccount().isPresent();
    }
}
