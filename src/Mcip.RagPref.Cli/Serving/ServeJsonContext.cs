using System.Text.Json.Serialization;
using Mcip.RagPref.Cli.Serving.Contracts;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Source-generated JSON metadata of the guard service's bodies (snake_case names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GuardRequestBody))]
[JsonSerializable(typeof(ComposeRequestBody))]
[JsonSerializable(typeof(ComposeResponseBody))]
[JsonSerializable(typeof(GuardResultBody))]
internal sealed partial class ServeJsonContext : JsonSerializerContext;
