using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SmtpShield.Admin;

/// <summary>
/// Reads a request body of at most a given size into memory (shared/STYLE.md habit 6): a declared
/// Content-Length above it is refused before a byte is read, a chunked body as soon as it passes it.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body, or the 413 to answer instead (<see cref="BodyRead.Refusal"/>).</summary>
    public static async Task<BodyRead> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return new BodyRead(ReadOnlyMemory<byte>.Empty, ProblemReplies.TooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max)
        {
            // Kestrel's own limit as a second fence (its default is 30 MB).
            max.MaxRequestBodySize = limit + 1L;
        }

        var body = new ArrayBufferWriter<byte>(Math.Min(limit + 1, 16 * 1024));
        try
        {
            while (body.WrittenCount <= limit)
            {
                int read = await request.Body.ReadAsync(body.GetMemory(4096), cancellationToken);
                if (read == 0)
                {
                    return new BodyRead(body.WrittenMemory, null);
                }

                body.Advance(read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
        }

        return new BodyRead(ReadOnlyMemory<byte>.Empty, ProblemReplies.TooLarge(limit));
    }
}

/// <summary>A body read to its end, or the refusal to answer (it was too large).</summary>
internal readonly record struct BodyRead(ReadOnlyMemory<byte> Bytes, IResult? Refusal);
