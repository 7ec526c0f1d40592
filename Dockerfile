# One Dockerfile for every service; the build-arg PROJECT says which (its folder, relative to the repository root):
#   docker build --build-arg PROJECT=services/SignalStreams.SignalApi -t signal-streams/signal-api .
#   docker build --build-arg PROJECT=tools/SignalStreams.FakeTelegram  -t signal-streams/fake-telegram .
# The assembly is named after the folder (SignalStreams.SignalApi.dll), which is what the entrypoint runs.
#
# Base images: .NET 10 ships no Debian images; the default 10.0 tags are Ubuntu 24.04 "noble" (a Debian derivative).
# The tag is pinned to -noble so that a change of default is a choice.
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
ARG PROJECT
RUN test -n "${PROJECT}" || { echo "build-arg PROJECT is required, e.g. --build-arg PROJECT=services/SignalStreams.SignalApi" >&2; exit 1; }
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY libs/ libs/
COPY services/ services/
COPY tools/ tools/
# The published output carries librdkafka from the librdkafka.redist package (runtimes/linux-x64/native/), which
# SignalStreams.Kafka's KafkaNativeLibrary loads: nothing Kafka-related comes from apt.
RUN dotnet publish "${PROJECT}" -c Release -o /app -p:UseAppHost=false -nologo \
 && basename "${PROJECT}" > /app/.service-assembly

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
# curl serves the HEALTHCHECK (the aspnet image has neither curl nor wget).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Streamiz's RocksDB stores (Streams:StateDir): mount a volume here so a restart finds its state and restores only
# what it missed; without one, a restart rebuilds every store from its changelog.
RUN mkdir -p /var/lib/signal-streams/state && chown -R 1654:1654 /var/lib/signal-streams
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    Streams__StateDir=/var/lib/signal-streams/state
EXPOSE 8080
# The image's non-root "app" user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654:1654
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/live || exit 1
# exec: dotnet becomes PID 1 and receives SIGTERM itself, so the host stops its consumers and commits offsets.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"/app/$(cat /app/.service-assembly).dll\" \"$@\"", "--"]
