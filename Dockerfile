# syntax=docker/dockerfile:1
# Multi-stage build: Maven compiles and packages the Boot jar, a JRE image runs it as a non-root user.
# Start-up (docs/BENCHMARKS.md, "Start-up"): the jar is extracted into a plain class path of jars, dependencies in
# their own layer, and a training run writes a CDS archive of the classes the start loads, which every start then
# maps instead of loading and verifying them again. The README's fastest start also uses Spring AOT and C1 only; the
# image does not: it runs the localstack and aws profiles (the AOT bean definitions are the embedded default's, and
# AotStartGuard refuses them with a profile) and takes load (C1 only trades peak throughput for start-up).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /workspace
# Dependencies first, so a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src src
RUN mvn -B -DskipTests package \
	&& java -Djarmode=tools -jar target/todo-streams-*.jar extract --layers --destination extracted \
	&& mv extracted/application/todo-streams-*.jar extracted/application/app.jar

FROM eclipse-temurin:17-jre
# curl serves the health check only.
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --system todo \
	&& useradd --system --gid todo --home-dir /app --shell /usr/sbin/nologin todo
WORKDIR /app
# One layer per kind of change: a code change rebuilds only the last two (application classes and the archive).
COPY --from=build --chown=todo:todo /workspace/extracted/dependencies/ ./
COPY --from=build --chown=todo:todo /workspace/extracted/spring-boot-loader/ ./
COPY --from=build --chown=todo:todo /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build --chown=todo:todo /workspace/extracted/application/ ./
COPY --chown=todo:todo src/main/docker/cds-training.sh /tmp/cds-training.sh
# the training run writes the archive next to the jar
RUN chown todo:todo /app
USER todo
# CDS training run: the default profile (embedded emulator, nothing outside the container) starts, handles one change
# and is stopped (src/main/docker/cds-training.sh), so KCL's and the handlers' classes are archived too; the archive
# must be written by this image's JVM for this exact class path, so it is made here, not copied.
RUN /tmp/cds-training.sh app.jar /tmp/cds-training.log -XX:ArchiveClassesAtExit=app.jsa \
	&& rm /tmp/cds-training.sh /tmp/cds-training.log
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Readiness: UP once the stream consumer holds its leases, not only once the web server answers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
	CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-jar", "/app/app.jar"]
