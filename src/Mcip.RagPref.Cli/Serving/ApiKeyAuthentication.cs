using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// The guard service's optional API-key check: every request except <c>GET /healthz</c> must carry the key as
/// <c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>, else it gets a 401 problem response. The comparison takes
/// the same time whatever the key sent (both sides are hashed with SHA-256 and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>), so timing reveals neither the key nor its length.
/// </summary>
internal static class ApiKeyAuthentication
{
    /// <summary>The header that carries the key (the alternative is <c>Authorization: Bearer KEY</c>).</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The route that stays open without a key, so that load balancers can probe it (it shows no paths).</summary>
    public const string OpenRoute = "/healthz";

    /// <summary>Adds the check to <paramref name="app"/> when <paramref name="apiKey"/> is set; does nothing otherwise.</summary>
    public static void Use(WebApplication app, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (apiKey is null)
        {
            return;
        }

        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals(OpenRoute, StringComparison.OrdinalIgnoreCase) || IsAuthorized(context.Request, expected))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            bool sent = context.Request.Headers.ContainsKey(HeaderName) || context.Request.Headers.ContainsKey("Authorization");
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"ragpref\"";
            await Results.Problem(
                    sent
                        ? "The API key sent is not the service's. Send the key the service was started with (--api-key-file or RAGPREF_API_KEY)."
                        : $"This service requires an API key: send it as '{HeaderName}: KEY' or 'Authorization: Bearer KEY'. Only GET {OpenRoute} is open.",
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: sent ? "Wrong API key" : "API key required")
                .ExecuteAsync(context).ConfigureAwait(false);
        });
    }

    /// <summary>Whether the request carries the key whose SHA-256 is <paramref name="expected"/>, compared in constant time.</summary>
    internal static bool IsAuthorized(HttpRequest request, byte[] expected)
    {
        string? key = null;
        StringValues header = request.Headers[HeaderName];
        if (header.Count == 1)
        {
            key = header[0];
        }
        else if (header.Count == 0)
        {
            StringValues authorization = request.Headers.Authorization;
            const string Bearer = "Bearer ";
            if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            {
                key = value[Bearer.Length..].Trim();
            }
        }

        if (key is null)
        {
            return false;
        }

        byte[] actual = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
