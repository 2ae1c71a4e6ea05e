package io.grantflow.shared;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.http.converter.ResourceRegionHttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC reads and writes JSON (with the API's strict reader), strings (tokens) and bytes, nothing else. Spring
 * adds a YAML, CBOR, Smile, XML or form reader by itself whenever its library is on the class path (YAML is, through
 * springdoc): those parse {@code 1.5} as 1, {@code 010} as 8 and duplicate keys without the JSON rules, so no
 * controller may ever be handed one.
 */
@Configuration(proxyBeanMethods = false)
class JsonBodiesOnly implements WebMvcConfigurer {

    private static final List<Class<?>> KEPT = List.of(MappingJackson2HttpMessageConverter.class, StringHttpMessageConverter.class,
            ByteArrayHttpMessageConverter.class, ResourceHttpMessageConverter.class, ResourceRegionHttpMessageConverter.class);

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(converter -> KEPT.stream().noneMatch(kept -> kept.isInstance(converter)));
    }
}
