package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** X-Forwarded-For decides the client address only when the proxy that sends it is named; otherwise no start. */
class TrustedProxyCheckTest {

    final ApplicationContextRunner context = new ApplicationContextRunner().withBean(TrustedProxyCheck.class);

    @Test
    void startsWithoutForwardedHeadersOrWithANamedProxy() {
        context.run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("server.forward-headers-strategy=none").run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=10\\.0\\.0\\.5")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void refusesToStartWhereAnyClientCouldPickItsAddress() {
        context.withPropertyValues("server.forward-headers-strategy=framework")
                .run(refused -> assertThat(refused).getFailure().rootCause().hasMessageContaining("every client"));
        context.withPropertyValues("server.forward-headers-strategy=native")
                .run(refused -> assertThat(refused).getFailure().rootCause().hasMessageContaining("internal-proxies"));
        // nothing set on a cloud platform: Spring Boot would take the header from any private address
        context.withPropertyValues("spring.main.cloud-platform=kubernetes")
                .run(refused -> assertThat(refused).getFailure().rootCause().hasMessageContaining("internal-proxies"));
    }
}
