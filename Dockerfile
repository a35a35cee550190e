# One image for every CustomerStream service; the command picks the service:
#   docker run customerstream run identity
# docker-compose.yml and deploy/kubernetes run it that way.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in a layer of its own: it is rebuilt only when a project file or a package version changes, not on
# every edit of a source file. These are the CLI's project and every project it references (a test in
# tests/CustomerStream.Deployment.Tests fails when this list and the project graph drift apart).
COPY global.json nuget.config Directory.Build.props Directory.Packages.props ./
COPY contracts/CustomerStream.Contracts/CustomerStream.Contracts.csproj contracts/CustomerStream.Contracts/
COPY contracts/CustomerStream.Messages/CustomerStream.Messages.csproj contracts/CustomerStream.Messages/
COPY contracts/CustomerStream.SchemaRegistry/CustomerStream.SchemaRegistry.csproj contracts/CustomerStream.SchemaRegistry/
COPY contracts/CustomerStream.SchemaRegistry.Server/CustomerStream.SchemaRegistry.Server.csproj contracts/CustomerStream.SchemaRegistry.Server/
COPY services/BuildingBlocks/Kafka/CustomerStream.Kafka.csproj services/BuildingBlocks/Kafka/
COPY services/BuildingBlocks/ServiceDefaults/CustomerStream.ServiceDefaults.csproj services/BuildingBlocks/ServiceDefaults/
COPY services/BuildingBlocks/Streaming/CustomerStream.Streaming.csproj services/BuildingBlocks/Streaming/
COPY services/Ingest/CustomerStream.Ingest.csproj services/Ingest/
COPY services/Identity/CustomerStream.Identity.csproj services/Identity/
COPY services/Aggregator/CustomerStream.Aggregator.csproj services/Aggregator/
COPY services/Projection/CustomerStream.Projection.csproj services/Projection/
COPY services/Bridge/CustomerStream.Bridge.csproj services/Bridge/
COPY services/Customer360/CustomerStream.Customer360.csproj services/Customer360/
COPY tools/CustomerStream.Generation/CustomerStream.Generation.csproj tools/CustomerStream.Generation/
COPY services/Cli/CustomerStream.Cli.csproj services/Cli/
RUN dotnet restore services/Cli/CustomerStream.Cli.csproj -nologo
COPY . .
RUN dotnet publish services/Cli/CustomerStream.Cli.csproj -c Release -o /app -nologo --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Local state (RocksDB stores and checkpoints of identity and aggregator) lives under /var/lib/customerstream,
# which the service user owns; mount a volume there (docker-compose.yml and deploy/kubernetes do). A new
# Docker volume takes this directory's owner, a Kubernetes volume gets it through fsGroup.
RUN install -d -o "$APP_UID" -g "$APP_UID" -m 0750 /var/lib/customerstream
# A container talks to real Kafka; services listen on 8080 (health: /health/live, /health/ready).
ENV Kafka__Mode=External \
    ASPNETCORE_URLS=http://+:8080 \
    Identity__StateDirectory=/var/lib/customerstream/identity \
    Aggregator__StateDirectory=/var/lib/customerstream/aggregator \
    Logging__Console__FormatterName=json \
    DOTNET_gcServer=0
EXPOSE 8080
# Numeric, so that Kubernetes can check runAsNonRoot.
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/customerstream.dll"]
CMD ["--help"]
