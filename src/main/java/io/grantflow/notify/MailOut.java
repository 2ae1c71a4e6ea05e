package io.grantflow.notify;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends plain-text mail through Spring Mail ({@code spring.mail.host} etc.); without a mail server set, refuses. */
@Component
class MailOut {

    private final ObjectProvider<JavaMailSender> sender;

    MailOut(ObjectProvider<JavaMailSender> sender) {
        this.sender = sender;
    }

    void send(String from, List<String> to, String subject, String text) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new IllegalStateException("Notifications are enabled but no mail server is set (spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.toArray(String[]::new));
        message.setSubject(subject);
        message.setText(text);
        mail.send(message);
    }
}
