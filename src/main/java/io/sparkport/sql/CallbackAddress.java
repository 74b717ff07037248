package io.sparkport.sql;

import io.quarkus.runtime.LaunchMode;
import io.sparkport.SparkportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's base URL as drivers reach it: {@code sparkport.callback-url}, else loopback and the HTTP port. */
@ApplicationScoped
public class CallbackAddress {

    private final SparkportConfig config;

    public CallbackAddress(SparkportConfig config) {
        this.config = config;
    }

    public String base() {
        return config.callbackUrl().orElseGet(() -> {
            String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
            int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
            return "http://127.0.0.1:" + port;
        });
    }
}
