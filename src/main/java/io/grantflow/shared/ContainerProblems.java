package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * What Tomcat refuses before a request reaches Spring (a header block above {@code server.max-http-request-header-size},
 * a malformed request line) is answered as a problem document with a code too, instead of Tomcat's HTML page: a
 * client of the API parses every refusal the same way.
 */
@Configuration(proxyBeanMethods = false)
class ContainerProblems {

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory() {
            @Override
            protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
                // The host adds its error report valve when it starts: name ours before.
                ((StandardHost) tomcat.getHost()).setErrorReportValveClass(ProblemReportValve.class.getName());
                return super.getTomcatWebServer(tomcat);
            }
        };
    }

    /** Tomcat's last word on an error nothing else answered: a problem document, never HTML or a stack trace. */
    public static class ProblemReportValve extends ErrorReportValve {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus resolved = HttpStatus.resolve(status);
            Refusal refusal = resolved != null ? ProblemErrorController.refusalFor(resolved)
                    : status < 500 ? Refusal.INVALID_REQUEST : Refusal.INTERNAL_ERROR;
            String code = refusal.code();
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://grantflow.io/problems/" + code);
            problem.put("title", refusal.title());
            problem.put("status", status);
            problem.put("detail", status < 500 ? "The request was refused before it was read: its request line or headers are"
                    + " malformed or too large" : "Grantflow could not complete the request");
            problem.put("code", code);
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot be written: nothing left to tell it.
            }
        }
    }
}
