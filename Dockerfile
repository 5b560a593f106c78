# SmtpShield container image. Not built in this project's CI (no Docker engine there); written
# against the official .NET 10 images. The firewall drivers need the host's network namespace and
# CAP_NET_ADMIN (docker run --network host --cap-add NET_ADMIN); the default driver needs neither.
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig SmtpShield.sln ./
COPY src/ src/
COPY config/ config/
RUN dotnet publish src/SmtpShield/SmtpShield.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim
RUN groupadd --system smtpshield && useradd --system --gid smtpshield --home-dir /var/lib/smtpshield smtpshield \
    && mkdir -p /var/lib/smtpshield /etc/smtpshield && chown smtpshield:smtpshield /var/lib/smtpshield
COPY --from=build /app /usr/lib/smtpshield
COPY config/smtpshield.json /etc/smtpshield/smtpshield.json
WORKDIR /var/lib/smtpshield
# In a container the service must listen on all addresses; admin stays on loopback unless published on purpose.
ENV SMTPSHIELD_Listeners__0__Endpoint=*:25 \
    SMTPSHIELD_StateDirectory=/var/lib/smtpshield \
    SMTPSHIELD_Admin__TokenFile=/var/lib/smtpshield/admin.token \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 25
USER smtpshield
# Port 25 as a non-root user works because Docker (>= 20.10) sets net.ipv4.ip_unprivileged_port_start=0
# inside containers. Run with: docker run -p 25:25 smtpshield
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/lib/smtpshield/smtpshield", "--config", "/etc/smtpshield/smtpshield.json"]
