# Masters, workers, drivers, file servers and warm SQL engines: the official Spark 4.2.0 image plus Sparkport's
# own jars (the SQL runner, which also holds the engine's SQL gateway, the final-progress listener and the pools'
# file server) and the Spark Connect client the gateway runs on, at the paths the Kubernetes backend names (KubeNames).
# Build the jars first (`mvn -B package -DskipTests` assembles target/spark-home/), then:
#   docker build -f k8s/images/spark-runtime.Dockerfile -t sparkport/spark-runtime:0.1.0 .
FROM apache/spark:4.2.0
USER root
COPY target/spark-home/sparkport/sparkport-sql-runner.jar target/spark-home/jars/sparkport-listener.jar \
     target/spark-home/sparkport/sparkport-files.jar /opt/sparkport/
COPY target/spark-home/connect-client/ /opt/sparkport/connect-client/
RUN chmod 0644 /opt/sparkport/*.jar /opt/sparkport/connect-client/*.jar
# uid 185 is the image's `spark` user; the pods also set runAsUser 185 and a read-only root.
USER 185
