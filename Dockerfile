# The taskline image: workers (`taskline worker --config FILE`) and every other CLI command.
#   docker build -t taskline:dev .
#   docker run --rm taskline:dev --help
# compose/docker-compose.yml builds and runs it next to Kafka, Prometheus and Grafana.

# --- build: the same Maven build the `taskline` launcher script runs when its jar is stale
# (kept identical to the launcher's command; cli's ComposeFilesTest compares the two strings).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true install

# --- runtime: a JRE and the shaded jar, run as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 taskline \
 && useradd --system --uid 10001 --gid taskline --home-dir /var/lib/taskline --create-home taskline
COPY --from=build /src/cli/target/taskline.jar /app/taskline.jar
# State stores, thumbnails, PDFs and anything else relative lands in the user's home.
WORKDIR /var/lib/taskline
# Numeric, so orchestrators can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# metrics.port of the compose workers: /metrics, /health/live, /health/ready.
EXPOSE 9400
ENTRYPOINT ["java", "-jar", "/app/taskline.jar"]
CMD ["--help"]
