# Multi-stage build of the FhirPriorAuth server.
# The base images are Microsoft's .NET 10 images; prefix them with the registry your organisation pulls from:
#   docker build --build-arg SDK_IMAGE=<registry>/dotnet/sdk:10.0 --build-arg RUNTIME_IMAGE=<registry>/dotnet/aspnet:10.0 .
ARG SDK_IMAGE=dotnet/sdk:10.0
ARG RUNTIME_IMAGE=dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first so the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/FhirPriorAuth.Fhir/FhirPriorAuth.Fhir.csproj src/FhirPriorAuth.Fhir/
COPY src/FhirPriorAuth.Policies/FhirPriorAuth.Policies.csproj src/FhirPriorAuth.Policies/
COPY src/FhirPriorAuth.Server/FhirPriorAuth.Server.csproj src/FhirPriorAuth.Server/
RUN dotnet restore src/FhirPriorAuth.Server/FhirPriorAuth.Server.csproj
COPY src/ src/
COPY ig-packages/ ig-packages/
COPY questionnaires/ questionnaires/
RUN dotnet publish src/FhirPriorAuth.Server/FhirPriorAuth.Server.csproj -c Release --no-restore -o /app

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app ./
# SQLite data lives in a volume; PostgreSQL is chosen with Storage__Provider=postgres.
ENV Storage__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080
RUN mkdir -p /data && chown app /data
VOLUME ["/data"]
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "FhirPriorAuth.Server.dll"]
