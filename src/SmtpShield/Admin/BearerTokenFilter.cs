using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Admin;

/// <summary>
/// Guards /api/v1: "Authorization: Bearer &lt;token&gt;" (RFC 6750 §2.1) with the token of Admin:TokenFile, or
/// 401 with a WWW-Authenticate challenge (§3) before the request is even read. /healthz stays open.
/// </summary>
internal sealed partial class BearerTokenFilter(AdminToken token, ILogger<BearerTokenFilter> logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";
    private const string Challenge = "Bearer realm=\"smtpshield\"";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        HttpContext http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization;
        string? presented = authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? value[Scheme.Length..].Trim()
            : null;
        if (presented is { Length: > 0 } && token.Matches(presented))
        {
            return await next(context);
        }

        string why = authorization.Count == 0 ? "no bearer token" : presented is null ? "not a bearer token" : "wrong token";
        // RFC 6750 §3.1: invalid_token when a token was presented; a bare challenge when none was.
        http.Response.Headers.WWWAuthenticate = presented is null ? Challenge : Challenge + ", error=\"invalid_token\"";
        LogRefused(http.Connection.RemoteIpAddress ?? IPAddress.None, http.Connection.RemotePort, http.Request.Method, http.Request.Path.ToString(), why);
        return ProblemReplies.Unauthorized(
            $"{why}: send Authorization: Bearer <token>, with the token from the daemon's Admin:TokenFile (the smtpshield CLI does)");
    }

    [LoggerMessage(105, LogLevel.Warning, "ADMIN [{Client}]:{Port} {Method} {Path} refused: {Why}")]
    private partial void LogRefused(IPAddress client, int port, string method, string path, string why);
}
