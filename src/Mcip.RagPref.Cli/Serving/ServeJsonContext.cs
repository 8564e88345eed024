using System.Text.Json.Serialization;
using Mcip.RagPref.Cli.Serving.Contracts;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Source-generated JSON metadata of the guard service's bodies (snake_case names).</summary>
/// <remarks>Strings are read by <see cref="LenientStringJsonConverter"/>: an escaped lone surrogate becomes U+FFFD, not a 500.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(LenientStringJsonConverter)])]
[JsonSerializable(typeof(GuardRequestBody))]
[JsonSerializable(typeof(ComposeRequestBody))]
[JsonSerializable(typeof(ComposeResponseBody))]
[JsonSerializable(typeof(GuardResultBody))]
[JsonSerializable(typeof(ExampleBody))]
[JsonSerializable(typeof(IReadOnlyList<ExampleBody>))]
[JsonSerializable(typeof(ExamplesResponseBody))]
internal sealed partial class ServeJsonContext : JsonSerializerContext;
