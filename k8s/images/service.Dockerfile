# The Sparkport service. Build the app for PostgreSQL first
# (`mvn -B package -DskipTests -Dquarkus.datasource.db-kind=postgresql`), then from the repo root:
#   docker build -f k8s/images/service.Dockerfile -t sparkport/sparkport:0.1.0 .
# The service never runs Spark itself, so the image holds no Spark home.
FROM eclipse-temurin:17-jre
RUN useradd --uid 185 --gid 0 --no-create-home --home-dir /tmp sparkport
WORKDIR /deployments
COPY --chown=185:0 target/quarkus-app/lib/ lib/
COPY --chown=185:0 target/quarkus-app/*.jar ./
COPY --chown=185:0 target/quarkus-app/app/ app/
COPY --chown=185:0 target/quarkus-app/quarkus/ quarkus/
USER 185
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp" SPARKPORT_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
