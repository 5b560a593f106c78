using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmtpShield.Admin;

/// <summary>
/// Admin requests by route template, method and status (System.Diagnostics.Metrics; the Operations issue
/// exposes it to Prometheus as smtpshield_admin_requests_total, shared/INTEGRATION.md §6). Tags come from
/// closed sets: the route templates, five methods (else "other"), the statuses the API answers.
/// </summary>
internal sealed class AdminMetrics
{
    public const string MeterName = "SmtpShield.Admin";

    private readonly Counter<long> _requests;

    public AdminMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("smtpshield.admin.requests", "{request}", "Admin HTTP requests, by route, method and status");
    }

    public void Counted(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        // An unknown path has no route; the template, never the path, so a scan cannot grow the tag set.
        string route = context.GetEndpoint() is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText ?? "unknown" : "unmatched";
        string method = context.Request.Method switch
        {
            "GET" or "POST" or "DELETE" or "PUT" or "HEAD" => context.Request.Method,
            _ => "other",
        };
        _requests.Add(1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("status", status));
    }
}
