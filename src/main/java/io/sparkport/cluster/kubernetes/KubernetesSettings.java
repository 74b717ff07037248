package io.sparkport.cluster.kubernetes;

import io.sparkport.SparkportConfig;
import io.sparkport.pool.MemorySize;
import java.time.Duration;

/**
 * What the object builders need to know about the installation: plain values, so that the builders stay
 * pure and their tests need no configuration.
 *
 * @param storageClass null for the cluster's default storage class
 */
public record KubernetesSettings(String namespace, String image, String storageClass, String accessMode,
                                 String serviceAccount, String poolMountPath, MemorySize masterMemory,
                                 int driverBackoffLimit, Duration jobTtl, boolean python,
                                 Duration fileServerIdle) {

    public static KubernetesSettings of(SparkportConfig.Kubernetes k) {
        return new KubernetesSettings(k.namespace(), k.image(), k.storageClass().orElse(null), k.accessMode(),
                k.serviceAccount(), k.poolMountPath(),
                MemorySize.parse("sparkport.kubernetes.master-memory", k.masterMemory()),
                k.driverBackoffLimit(), k.jobTtl(), k.python(), k.fileServerIdle());
    }
}
