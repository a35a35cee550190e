# One image for every CustomerStream service; the command picks the service:
#   docker run customerstream run identity
# docker-compose.yml and deploy/kubernetes run it that way.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Cli/CustomerStream.Cli.csproj -c Release -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# A container talks to real Kafka; services listen on 8080 (health: /health/live, /health/ready).
ENV Kafka__Mode=External \
    ASPNETCORE_URLS=http://+:8080 \
    Logging__Console__FormatterName=json \
    DOTNET_gcServer=0
EXPOSE 8080
# Numeric, so that Kubernetes can check runAsNonRoot.
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/customerstream.dll"]
CMD ["--help"]
