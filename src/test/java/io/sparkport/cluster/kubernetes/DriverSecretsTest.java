package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriverSecretsTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-06T12:00:00Z");

    @Test
    void anOldSecretWithoutItsJobIsLeftOver() {
        List<V1Secret> secrets = List.of(
                secret("a", NOW.minusMinutes(10)), // its Job exists
                secret("b", NOW.minusMinutes(10)), // no Job: left by a restart
                secret("c", NOW.minusSeconds(30)), // no Job yet, but young: another replica may be creating it
                secret("d", NOW.minusMinutes(10)), // no Job yet, being launched here
                secret("e", null));                // not yet stamped
        List<String> orphans = DriverSecrets.orphans(secrets, Set.of(KubeNames.job("a")), Set.of("d"),
                NOW.minusMinutes(2));
        assertEquals(List.of(KubeNames.job("b")), orphans);
    }

    static V1Secret secret(String jobId, OffsetDateTime created) {
        return new V1Secret().metadata(new V1ObjectMeta().name(KubeNames.jobSecret(jobId))
                .labels(KubeNames.driverLabels("sales", jobId)).creationTimestamp(created));
    }
}
