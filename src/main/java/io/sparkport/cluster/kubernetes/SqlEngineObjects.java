package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.pool.MemorySize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: a pool's warm SQL engine on Kubernetes, one pod (restartPolicy Never: a dead engine is replaced by the
 * next SQL job, as locally) whose one container runs the SQL gateway, which runs the engine (the Spark Connect
 * server's spark-submit, client mode, against the pool's master) as its child: the gateway reads the pool's
 * files on the PVC as the engine does, and the service reaches it at the pod's address with a token from the
 * engine's Secret. A ClusterIP Service leads clients inside the cluster to the engine's Connect port and UI.
 */
public final class SqlEngineObjects {

    /** The gateway's environment variable with its token (read from the engine's Secret when the pod starts). */
    static final String TOKEN_ENV = "SPARKPORT_GATEWAY_TOKEN";

    private SqlEngineObjects() {
    }

    /** The engine's pod, named {@code name} (the engine's prefix and a suffix of its own: pods never wait for a name). */
    public static V1Pod pod(KubernetesSettings settings, SqlEngineSpec spec, String name, MemorySize gatewayMemory) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + gatewayMemory.toSpark()));
        command.addAll(SqlEngineSpec.GATEWAY_JVM_FLAGS);
        command.addAll(SqlEngineSpec.QUICK_JIT);
        command.addAll(List.of("-cp", String.join(":", KubeNames.SPARK_HOME + "/conf", KubeNames.CONNECT_CLIENT_DIR + "/*",
                        KubeNames.SPARK_HOME + "/jars/*", KubeNames.SQL_RUNNER_JAR),
                SqlEngineSpec.GATEWAY_CLASS, "--listen", "$(POD_IP):" + KubeNames.GATEWAY_PORT, "--"));
        command.addAll(submitCommand(settings, spec));
        V1Container c = SparkPods.container(settings, "sql-engine", command)
                .ports(List.of(
                        new V1ContainerPort().name("connect").containerPort(KubeNames.CONNECT_PORT).protocol("TCP"),
                        new V1ContainerPort().name("gateway").containerPort(KubeNames.GATEWAY_PORT).protocol("TCP"),
                        new V1ContainerPort().name("ui").containerPort(KubeNames.DRIVER_UI_PORT).protocol("TCP")))
                .resources(SparkPods.resources(1, new MemorySize(spec.driverMemory().mebibytes()
                        + gatewayMemory.mebibytes())))
                .readinessProbe(new V1Probe()
                        .tcpSocket(new V1TCPSocketAction().port(new IntOrString(KubeNames.CONNECT_PORT)))
                        .periodSeconds(1).failureThreshold(3));
        // one secret, two doors: the gateway's port and the engine's Connect port (the engine inherits the variable)
        c.getEnv().add(FileServerObjects.secretEnv(TOKEN_ENV, KubeNames.sqlEngine(spec.pool())));
        c.getEnv().add(FileServerObjects.secretEnv(SqlEngineObservation.TOKEN_ENV, KubeNames.sqlEngine(spec.pool())));
        return new V1Pod()
                .apiVersion("v1").kind("Pod")
                .metadata(ClusterObjects.meta(settings, name, KubeNames.labels(spec.pool(), KubeNames.SQL_ENGINE)))
                .spec(SparkPods.podSpec(settings, spec.pool(), c).restartPolicy("Never"));
    }

    /** The engine's spark-submit: the same settings as the local engine's, addresses and ports of the pod. */
    static List<String> submitCommand(KubernetesSettings settings, SqlEngineSpec spec) {
        List<String> cmd = new ArrayList<>(List.of(KubeNames.SPARK_HOME + "/bin/spark-submit",
                "--master", KubeNames.masterUrl(spec.pool()), "--deploy-mode", "client",
                "--class", SqlEngineSpec.SERVER_CLASS, "--name", spec.appName()));
        Map<String, String> conf = new LinkedHashMap<>(spec.conf());
        conf.put("spark.cores.max", String.valueOf(spec.cores()));
        conf.put("spark.executor.cores", String.valueOf(spec.executorCores()));
        conf.put("spark.executor.memory", spec.executorMemory().toSpark());
        conf.put("spark.driver.memory", spec.driverMemory().toSpark());
        conf.put("spark.driver.host", "$(POD_IP)");
        conf.put("spark.driver.bindAddress", "$(POD_IP)");
        conf.put(SqlEngineSpec.POOL_DIR_CONF, settings.poolMountPath());
        conf.put("spark.jars", KubeNames.SQL_RUNNER_JAR);
        conf.put("spark.connect.grpc.binding.address", "$(POD_IP)");
        conf.put("spark.connect.grpc.binding.port", String.valueOf(KubeNames.CONNECT_PORT));
        conf.put("spark.ui.port", String.valueOf(KubeNames.DRIVER_UI_PORT));
        conf.put("spark.local.dir", KubeNames.SCRATCH);
        conf.put("spark.jars.ivy", KubeNames.SCRATCH + "/.ivy2");
        conf.put("spark.driver.extraJavaOptions", String.join(" ", SqlEngineSpec.QUICK_JIT));
        conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.add("spark-internal");
        return cmd;
    }

    /** The Service of the engine's Connect port and UI, for clients inside the cluster. */
    public static V1Service service(KubernetesSettings settings, String pool) {
        return new V1Service()
                .apiVersion("v1").kind("Service")
                .metadata(ClusterObjects.meta(settings, KubeNames.sqlEngine(pool), KubeNames.labels(pool, KubeNames.SQL_ENGINE)))
                .spec(new V1ServiceSpec()
                        .selector(KubeNames.selector(pool, KubeNames.SQL_ENGINE))
                        .ports(List.of(
                                new V1ServicePort().name("connect").port(KubeNames.CONNECT_PORT)
                                        .targetPort(new IntOrString(KubeNames.CONNECT_PORT)),
                                new V1ServicePort().name("ui").port(KubeNames.DRIVER_UI_PORT)
                                        .targetPort(new IntOrString(KubeNames.DRIVER_UI_PORT)))));
    }
}
