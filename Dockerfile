# syntax=docker/dockerfile:1
# Multi-stage build: Maven compiles and packages the Boot jar, a JRE image runs it as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /workspace
# Dependencies first, so a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src src
RUN mvn -B -DskipTests package \
	&& cp target/todo-streams-*.jar app.jar

FROM eclipse-temurin:17-jre
# curl serves the health check only.
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --system todo \
	&& useradd --system --gid todo --home-dir /app --shell /usr/sbin/nologin todo
WORKDIR /app
COPY --from=build --chown=todo:todo /workspace/app.jar app.jar
USER todo
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
	CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
