package io.grantflow.events;

import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * Webhook endpoints and their worker driven in process, through the same service calls the REST controllers make:
 * the one public door the benchmark uses, so that the service and the worker themselves stay package-private.
 */
public final class InProcessWebhooks {

    /** An endpoint made: its id and its signing secret (answered when made, never again). */
    public record Endpoint(String id, String secret) {
    }

    private final WebhookEndpoints endpoints;
    private final WebhookWorker worker;

    public InProcessWebhooks(ApplicationContext context) {
        this.endpoints = context.getBean(WebhookEndpoints.class);
        this.worker = context.getBean(WebhookWorker.class);
    }

    /**
     * As {@code POST /webhook-endpoints} by the vendor's administrator without an account: every account's events of
     * these types ({@code events} empty: every type).
     */
    public Endpoint create(String url, List<String> events, String actor) {
        WebhookEndpoints.EndpointView made = endpoints.create(url, events, null, actor);
        return new Endpoint(made.id(), made.secret());
    }

    /** As {@code DELETE /webhook-endpoints/{id}}: its deliveries go with it. */
    public void delete(String id) {
        endpoints.delete(id);
    }

    /** One pass of the worker, as its schedule runs it: sends what is due until nothing is; the attempts it made. */
    public int deliverDue() {
        return worker.deliverDue();
    }
}
