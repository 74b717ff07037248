package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiException;
import io.sparkport.SparkportException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeErrorsTest {

    @Test
    void aStatusBodyGivesCodeReasonAndMessage() {
        SparkportException e = KubeErrors.of("create Job ns/sparkport-job-a", new ApiException(422, Map.of(),
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Invalid\",\"message\":\"spec.template: Required value\",\"code\":422}"));
        assertEquals(SparkportException.Kind.BACKEND, e.kind());
        assertEquals("Kubernetes refused to create Job ns/sparkport-job-a: 422 Invalid: spec.template: Required value", e.getMessage());
    }

    @Test
    void aBodyThatIsNotJsonIsQuoted() {
        assertEquals("Kubernetes refused to scale StatefulSet ns/w: 503: upstream connect error",
                KubeErrors.of("scale StatefulSet ns/w", 503, "upstream connect error", null).getMessage());
    }

    @Test
    void anUnreachableApiSaysSo() {
        SparkportException e = KubeErrors.of("read Job ns/j", new ApiException(new java.net.ConnectException("Connection refused")));
        assertEquals("Kubernetes API unreachable while trying to read Job ns/j: Connection refused", e.getMessage());
    }
}
