using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>
/// Every refusal of the admin API as RFC 7807 problem details. The type is a URN per kind of problem, so a
/// client can tell a protected network from a covered one without parsing the sentence in detail.
/// </summary>
internal static class ProblemReplies
{
    public const string ContentType = "application/problem+json";

    private const string TypePrefix = "urn:smtpshield:problem:";

    /// <summary>400: one entry per field or query parameter at fault, all at once.</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        string detail = errors.Count == 1
            ? errors.Values.First()
            : $"{errors.Count} errors: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"));
        return Reply(new ProblemDocument(TypePrefix + "invalid-request", "Invalid request", StatusCodes.Status400BadRequest, detail) { Errors = errors });
    }

    public static IResult Invalid(string field, string error) => Invalid(new Dictionary<string, string> { [field] = error });

    /// <summary>409: the network overlaps one that may never be blocked ("127.0.0.1 is protected: loopback").</summary>
    public static IResult Protected(NetworkKey network, ProtectedNetwork protectedBy) =>
        Reply(new ProblemDocument(TypePrefix + "protected", "Network is protected", StatusCodes.Status409Conflict, ProtectedSentence(network, protectedBy))
        {
            ProtectedBy = protectedBy.Why,
        });

    /// <summary>409: a wider prefix already blocks all of it.</summary>
    public static IResult Covered(NetworkKey network, BlocklistEntry covering) =>
        Reply(new ProblemDocument(TypePrefix + "covered", "Already blocked by a wider prefix", StatusCodes.Status409Conflict, CoveredSentence(network, covering))
        {
            CoveredBy = covering.Key.ToString(),
        });

    public static string ProtectedSentence(NetworkKey network, ProtectedNetwork protectedBy) =>
        $"{network} is protected: {protectedBy.Why}" + (protectedBy.Key.Contains(network) ? string.Empty : $" (it overlaps {protectedBy.Key})");

    public static string CoveredSentence(NetworkKey network, BlocklistEntry covering) =>
        $"{network} is already blocked by {covering.Key} ({covering.Reason})";

    /// <summary>404 for a network that has no entry of its own.</summary>
    public static IResult NotListed(string detail, NetworkKey? coveredBy) =>
        Reply(new ProblemDocument(TypePrefix + "not-listed", "Not listed", StatusCodes.Status404NotFound, detail)
        {
            CoveredBy = coveredBy?.ToString(),
        });

    public static IResult Unauthorized(string detail) =>
        Reply(new ProblemDocument(TypePrefix + "unauthorized", "Unauthorized", StatusCodes.Status401Unauthorized, detail));

    public static IResult TooLarge(int limit) =>
        Reply(new ProblemDocument(TypePrefix + "too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge,
            $"the request body is larger than {limit / 1024} KiB; split it into smaller requests"));

    public static IResult UnsupportedMediaType(string detail) =>
        Reply(new ProblemDocument(TypePrefix + "unsupported-media-type", "Unsupported media type", StatusCodes.Status415UnsupportedMediaType, detail));

    /// <summary>
    /// For responses the routing made without a body (404 for an unknown path, 405 for a method the path
    /// does not take): the same problem shape as every other refusal.
    /// </summary>
    public static Task WriteStatusPageAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpContext http = context.HttpContext;
        int status = http.Response.StatusCode;
        string detail = status switch
        {
            StatusCodes.Status404NotFound => $"there is no {http.Request.Path} here; the blocklist API is under /api/v1/blocklist",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not take {http.Request.Method}" +
                (http.Response.Headers.Allow is { Count: > 0 } allow ? $" (it takes {allow})" : string.Empty),
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        string kind = status switch
        {
            StatusCodes.Status404NotFound => "not-found",
            StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
            _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Reply(new ProblemDocument(TypePrefix + kind, ReasonPhrases.GetReasonPhrase(status), status, detail)).ExecuteAsync(http);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ProblemDocument> Reply(ProblemDocument problem) =>
        TypedResults.Json(problem, AdminJsonContext.Wire.ProblemDocument, ContentType, problem.Status);
}
