using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SmtpShield.Admin;

/// <summary>
/// The admin HTTP listener: /healthz (open, for liveness probes) and the blocklist API under /api/v1
/// (bearer token). Every request is counted; routing's own 404 and 405 answer in problem details too.
/// </summary>
internal static class AdminEndpoints
{
    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        AdminMetrics metrics = app.Services.GetRequiredService<AdminMetrics>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch
            {
                metrics.Counted(context, StatusCodes.Status500InternalServerError);
                throw;
            }

            metrics.Counted(context, context.Response.StatusCode);
        });
        app.UseStatusCodePages(ProblemReplies.WriteStatusPageAsync);

        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));

        RouteGroupBuilder api = app.MapGroup("/api/v1").AddEndpointFilter<BearerTokenFilter>();
        api.MapGet("/blocklist", (HttpContext context, BlocklistApi blocklist) => blocklist.List(context));
        api.MapPost("/blocklist", (HttpContext context, BlocklistApi blocklist) => blocklist.AddAsync(context));
        api.MapDelete("/blocklist", (HttpContext context, BlocklistApi blocklist) => blocklist.RemoveByQueryAsync(context));
        api.MapPost("/blocklist/import", (HttpContext context, BlocklistImport import) => import.ImportAsync(context));
        api.MapGet("/blocklist/{**network}", (HttpContext context, string network, BlocklistApi blocklist) => blocklist.Show(context, network));
        api.MapDelete("/blocklist/{**network}", (HttpContext context, string network, BlocklistApi blocklist) => blocklist.RemoveAsync(context, network));
        return app;
    }
}
