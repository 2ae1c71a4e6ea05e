package io.grantflow.notify;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code grantflow.notifications.*}; the SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param recipients   per account id ({@code ACME: a@x, b@y}), and {@code default} for accounts without a list of their own
 *                     and for what belongs to no account
 * @param tasklistUrl  Tasklist's base; a task's link is this plus {@code #/?task=<taskId>}
 * @param cockpitUrl   Cockpit's base; a flow's link is this plus {@code #/process-instance/<id>/runtime}
 * @param resubmitInterval how often notices whose send failed (mail server down) are tried again, and how old they must
 *                     be for it: a send in progress is never that old
 */
@ConfigurationProperties("grantflow.notifications")
record NotificationProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("grantflow@localhost") String from,
        Map<String, List<String>> recipients,
        @DefaultValue("http://localhost:8080/camunda/app/tasklist/default/") String tasklistUrl,
        @DefaultValue("http://localhost:8080/camunda/app/cockpit/default/") String cockpitUrl,
        @DefaultValue("http://localhost:8080") String apiUrl,
        @DefaultValue("P3D") Duration revokeKeyOverdueAfter,
        @DefaultValue("PT15M") Duration revokeKeyCheckInterval,
        @DefaultValue("PT15M") Duration resubmitInterval) {

    /** The account's own list if it has one, else the default list (keys match regardless of case). */
    List<String> recipientsFor(String accountId) {
        if (recipients == null) {
            return List.of();
        }
        List<String> own = accountId == null ? null : find(accountId);
        List<String> chosen = own != null && !own.isEmpty() ? own : find("default");
        return chosen == null ? List.of() : chosen.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private List<String> find(String key) {
        return recipients.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    String taskLink(String taskId) {
        return slash(tasklistUrl) + "#/?task=" + taskId;
    }

    String processLink(String processInstanceId) {
        return slash(cockpitUrl) + "#/process-instance/" + processInstanceId + "/runtime";
    }

    String api(String path) {
        return apiUrl.replaceAll("/+$", "") + path;
    }

    private static String slash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
